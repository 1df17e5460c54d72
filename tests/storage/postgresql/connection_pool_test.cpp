#include "storage/postgresql/connection_pool.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "engine/store/store_error.hpp"
#include "tests/support/postgres_server.hpp"

namespace vigil::storage::postgresql {
namespace {

std::int64_t backend_pid(Connection& c) { return c.query("SELECT pg_backend_pid()::int8").int8(0, 0); }

// The server ends the session (a restart, an administrator): the call that
// meets it fails as transient, and the next one gets a new connection.
TEST(PostgresConnectionPool, AConnectionTheServerClosedIsReplaced) {
  const auto conninfo = test::PostgresServer::shared().create_database();
  ConnectionPool pool(conninfo, 1);
  const auto pid = pool.with(backend_pid);
  Connection admin(conninfo);
  admin.query("SELECT pg_terminate_backend($1::int8::int4)", Params().add(pid));
  try {
    pool.with(backend_pid);
    FAIL() << "a terminated session answered";
  } catch (const engine::StoreError& e) {
    EXPECT_TRUE(e.transient()) << e.what();
  }
  EXPECT_NE(pool.with(backend_pid), pid);
}

TEST(PostgresConnectionPool, CallersBeyondItsSizeWaitForAConnection) {
  ConnectionPool pool(test::PostgresServer::shared().create_database(), 2);
  std::mutex mutex;
  std::set<std::int64_t> sessions;
  int in_use = 0, most_in_use = 0;
  std::vector<std::thread> callers;
  for (int n = 0; n < 6; ++n)
    callers.emplace_back([&] {
      pool.with([&](Connection& c) {
        {
          std::lock_guard lock(mutex);
          most_in_use = std::max(most_in_use, ++in_use);
        }
        const auto pid = backend_pid(c);
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        std::lock_guard lock(mutex);
        sessions.insert(pid);
        --in_use;
      });
    });
  for (auto& t : callers) t.join();
  EXPECT_EQ(most_in_use, 2);
  EXPECT_EQ(sessions.size(), 2u);  // connections are reused, not reopened
}

}  // namespace
}  // namespace vigil::storage::postgresql
