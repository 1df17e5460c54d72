#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "storage/postgresql/connection_pool.hpp"
#include "storage/postgresql/migrations.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::postgresql::testing {

// A test's own database on the test process's PostgreSQL server, migrated,
// with a pool of two connections on it.
class MigratedDatabase : public ::testing::Test {
 protected:
  ConnectionPool pool{test::PostgresServer::shared().create_database(), 2};
  bool migrated = pool.with([](Connection& c) {
    migrate(c);
    return true;
  });

  // The first column of the first row of `sql`, an int8.
  std::int64_t number(const std::string& sql) {
    return pool.with([&](Connection& c) { return c.query(sql).int8(0, 0); });
  }
};

}  // namespace vigil::storage::postgresql::testing
