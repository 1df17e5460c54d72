#include "storage/sqlite/database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "engine/store/event_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

// Counts to a billion: seconds of work, far past any deadline below.
constexpr const char* kSlowQuery =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT count(*) FROM n";

std::int64_t scalar(Connection& c, const char* sql) {
  Statement stmt(c.handle(), sql);
  stmt.step();
  return stmt.column_int(0);
}

TEST(Database, ReadsPastTheQueryTimeoutAreStoppedWithATransientError) {
  test::TempDir dir;
  Database db({dir / "vigil.db", "normal", 5000, 50});
  try {
    db.read([](Connection& c) { return scalar(c, kSlowQuery); });
    FAIL() << "the query was not interrupted";
  } catch (const engine::StoreError& e) {
    EXPECT_TRUE(e.transient());
    EXPECT_NE(std::string(e.what()).find("query_timeout_ms"), std::string::npos) << e.what();
  }
  // The deadline belongs to that read: the pooled connection answers the next one.
  EXPECT_EQ(db.read([](Connection& c) { return scalar(c, "SELECT 42"); }), 42);
}

TEST(Database, TheQueryTimeoutLeavesWritesAlone) {
  test::TempDir dir;
  Database db({dir / "vigil.db", "normal", 5000, 1});
  // The writer runs migrations and ingest batches, which must never be cut short.
  EXPECT_EQ(db.write([](Connection& c) {
    return scalar(
        c, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) SELECT count(*) FROM n");
  }),
            1000000);
}

// A single-row read (schema_version() reads one row of one) must not leave
// the writer inside a read transaction: from there BEGIN IMMEDIATE answers
// SQLITE_BUSY at once instead of waiting out another connection's lock.
TEST(Database, AWriteWaitsOutALockShorterThanTheBusyTimeout) {
  test::TempDir dir;
  Database db({dir / "vigil.db", "normal", 5000, 0});
  EXPECT_GT(db.schema_version(), 0);
  Connection holder(dir / "vigil.db", {5000, "normal", false});
  auto held = std::make_unique<Transaction>(holder);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    held.reset();
  });
  EXPECT_NO_THROW(db.write([](Connection& c) {
    Transaction tx(c);
    c.exec("CREATE TABLE waited (v INTEGER)");
    tx.commit();
    return 0;
  }));
  release.join();
}

// Validation runs (--check-rules, --print-routes) build the daemon on an
// in-memory database: readers see the writer's schema, and no file appears.
TEST(Database, InMemoryReadersShareTheSchemaAndNothingIsWritten) {
  test::TempDir dir;
  const auto before = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  {
    Database db({dir / "vigil.db", "normal", 5000, 0, true});
    Database other({dir / "vigil.db", "normal", 5000, 0, true});
    db.write([](Connection& c) { c.exec("INSERT INTO rule_state (rule_id, last_window_end) VALUES ('r', 7)"); });
    EXPECT_EQ(db.read([](Connection& c) { return scalar(c, "SELECT count(*) FROM rule_state"); }), 1);
    EXPECT_EQ(other.read([](Connection& c) { return scalar(c, "SELECT count(*) FROM rule_state"); }), 0)
        << "two in-memory databases stay apart";
  }
  std::filesystem::current_path(before);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace vigil::storage
