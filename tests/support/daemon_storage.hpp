#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vigil::test {

// Where the daemons a test process starts keep their state. The process's
// VIGIL_TEST_STORAGE picks it: unset or "sqlite", vigild's own default
// (a file in its data dir); "postgresql", the test PostgreSQL server, so
// that one suite runs once per backend (tests/CMakeLists.txt sets it for
// the `<layer>.on_postgresql` tests). Anything else throws.
bool daemons_on_postgresql();

// The environment ("K=V") that puts the daemon with `data_dir` on the
// process's backend: nothing on SQLite; on PostgreSQL, VIGIL_STORAGE_BACKEND
// and a VIGIL_STORAGE_URL selecting a schema of the data dir's own, made on
// first use. A daemon restarted on the same data dir finds its schema
// again, as it would its SQLite file. Thread-safe.
std::vector<std::string> daemon_storage_environment(const std::filesystem::path& data_dir);

}  // namespace vigil::test
