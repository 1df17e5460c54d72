#include "storage/postgresql/migrations.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "engine/store/store_error.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::postgresql {
namespace {

// Nodes starting at once on an empty database: the advisory lock lets one
// migrate while the others wait, then find nothing left to apply.
TEST(PostgresMigrations, NodesStartingAtOnceApplyEachMigrationOnce) {
  const auto conninfo = test::PostgresServer::shared().create_database();
  std::vector<std::thread> nodes;
  std::atomic<int> failed{0};
  for (int n = 0; n < 4; ++n)
    nodes.emplace_back([&] {
      try {
        Connection c(conninfo);
        migrate(c);
      } catch (const engine::StoreError& e) {
        ADD_FAILURE() << e.what();
        ++failed;
      }
    });
  for (auto& t : nodes) t.join();
  EXPECT_EQ(failed, 0);
  Connection c(conninfo);
  EXPECT_EQ(schema_version(c), current_schema_version());
  EXPECT_EQ(c.query("SELECT count(*) FROM schema_migrations").int8(0, 0), current_schema_version());
}

TEST(PostgresMigrations, ASchemaNewerThanThisBuildIsRefused) {
  const auto conninfo = test::PostgresServer::shared().create_database();
  Connection c(conninfo);
  EXPECT_EQ(schema_version(c), 0);
  migrate(c);
  c.query("INSERT INTO schema_migrations (version) VALUES ($1::int8::int4)",
          Params().add(std::int64_t{current_schema_version() + 1}));
  try {
    migrate(c);
    FAIL() << "migrated a schema newer than this build";
  } catch (const engine::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this vigild knows"), std::string::npos) << e.what();
  }
  // The lock was released: another session can take it at once.
  Connection other(conninfo);
  EXPECT_TRUE(other.query("SELECT pg_try_advisory_lock(508574525804)").boolean(0, 0));
}

}  // namespace
}  // namespace vigil::storage::postgresql
