#pragma once

#include <string>

#include "tests/support/postgres_server.hpp"

namespace vigil::bench {

// Runs psql on `server` with `schema` first on the search path and
// `arguments` (such as "-f FILE" or "-c 'SQL'"), its output discarded,
// stopping at the first error; returns its exit status, naming the command
// on failure.
int psql(const test::PostgresServer& server, const std::string& schema, const std::string& arguments);

}  // namespace vigil::bench
