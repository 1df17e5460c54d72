#include "storage/sqlite/connection.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "engine/store/store_error.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

using engine::StoreErrorKind;

StoreErrorKind kind_thrown(int code) {
  try {
    throw_sqlite_error(nullptr, code, "test");
  } catch (const engine::StoreError& e) {
    return e.kind();
  }
  return StoreErrorKind::kFailed;
}

std::int64_t scalar(Connection& c, const char* sql) {
  auto& stmt = c.prepare(sql);
  stmt.step();
  const auto value = stmt.column_int(0);
  stmt.reset();
  return value;
}

TEST(Connection, ResultCodesMapToStoreErrorKindsExtendedCodesIncluded) {
  EXPECT_EQ(kind_thrown(SQLITE_BUSY), StoreErrorKind::kLocked);
  EXPECT_EQ(kind_thrown(SQLITE_BUSY_SNAPSHOT), StoreErrorKind::kLocked);
  EXPECT_EQ(kind_thrown(SQLITE_LOCKED_SHAREDCACHE), StoreErrorKind::kLocked);
  EXPECT_EQ(kind_thrown(SQLITE_FULL), StoreErrorKind::kDiskFull);
  EXPECT_EQ(kind_thrown(SQLITE_IOERR_WRITE), StoreErrorKind::kIoError);
  EXPECT_EQ(kind_thrown(SQLITE_IOERR_FSYNC), StoreErrorKind::kIoError);
  EXPECT_EQ(kind_thrown(SQLITE_NOMEM), StoreErrorKind::kOutOfMemory);
  EXPECT_EQ(kind_thrown(SQLITE_INTERRUPT), StoreErrorKind::kQueryTimeout);
  EXPECT_EQ(kind_thrown(SQLITE_CORRUPT), StoreErrorKind::kFailed);
  EXPECT_EQ(kind_thrown(SQLITE_CONSTRAINT_UNIQUE), StoreErrorKind::kFailed);
}

TEST(Connection, AWriteLockHeldPastTheBusyTimeoutIsLockedAndTheNextTransactionWorks) {
  test::TempDir dir;
  Connection holder(dir / "vigil.db", {5000, "normal", false});
  holder.exec("CREATE TABLE t (v INTEGER)");
  Connection writer(dir / "vigil.db", {50, "normal", false});
  {
    Transaction held(holder);
    try {
      Transaction tx(writer);
      FAIL() << "BEGIN IMMEDIATE took a lock another connection holds";
    } catch (const engine::StoreError& e) {
      EXPECT_EQ(e.kind(), StoreErrorKind::kLocked) << e.what();
      EXPECT_NE(std::string(e.what()).find("database is locked"), std::string::npos) << e.what();
    }
    EXPECT_EQ(sqlite3_get_autocommit(writer.handle()), 1) << "no transaction left open";
  }
  Transaction tx(writer);
  writer.exec("INSERT INTO t VALUES (1)");
  tx.commit();
  EXPECT_EQ(scalar(writer, "SELECT count(*) FROM t"), 1);
}

// max_page_count makes SQLite answer SQLITE_FULL exactly as a full disk does.
TEST(Connection, AFullDatabaseRollsTheWholeTransactionBackAndWritesResumeWhenThereIsRoom) {
  test::TempDir dir;
  Connection c(dir / "vigil.db", {5000, "normal", false});
  c.exec("CREATE TABLE t (v BLOB)");
  c.exec("INSERT INTO t VALUES (zeroblob(100))");
  const auto pages = scalar(c, "PRAGMA page_count");
  c.exec("PRAGMA max_page_count = " + std::to_string(pages + 4));
  try {
    Transaction tx(c);
    for (int i = 0; i < 100; ++i) c.prepare("INSERT INTO t VALUES (zeroblob(2000))").run();
    tx.commit();
    FAIL() << "100 rows of 2 KB fitted in 4 pages";
  } catch (const engine::StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::kDiskFull) << e.what();
    EXPECT_NE(std::string(e.what()).find("database or disk is full"), std::string::npos) << e.what();
  }
  EXPECT_EQ(sqlite3_get_autocommit(c.handle()), 1) << "no transaction left open";
  EXPECT_EQ(scalar(c, "SELECT count(*) FROM t"), 1) << "nothing of the failed transaction is visible";

  c.exec("PRAGMA max_page_count = 1000000");
  Transaction tx(c);
  for (int i = 0; i < 100; ++i) c.prepare("INSERT INTO t VALUES (zeroblob(2000))").run();
  tx.commit();
  EXPECT_EQ(scalar(c, "SELECT count(*) FROM t"), 101);
  EXPECT_EQ(scalar(c, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), 1);
}

}  // namespace
}  // namespace vigil::storage
