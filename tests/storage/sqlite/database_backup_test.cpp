#include "storage/sqlite/database_backup.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "storage/sqlite/database.hpp"
#include "storage/sqlite/migrations.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

std::int64_t scalar(const std::filesystem::path& file, const char* sql) {
  Connection c(file, Connection::Options{.read_only = true});
  Statement stmt(c.handle(), sql);
  stmt.step();
  return stmt.column_int(0);
}

void insert_rows(Database& db, int from, int count) {
  db.write([&](Connection& c) {
    Transaction tx(c);
    for (int i = from; i < from + count; ++i)
      c.prepare("INSERT INTO events (idx, id, ingested, category, dataset, doc) VALUES ('i', ?1, 0, '', '', '{}')")
          .bind(1, std::to_string(i))
          .run();
    tx.commit();
  });
}

TEST(DatabaseBackup, CopiesEveryCommittedRowAndTheSchemaVersionWhileTheSourceIsOpen) {
  test::TempDir dir;
  Database db({dir / "vigil.db"});
  insert_rows(db, 0, 500);
  const auto report = backup_database(dir / "vigil.db", dir / "copy.db");
  EXPECT_EQ(report.schema_version, current_schema_version());
  EXPECT_EQ(report.bytes, std::filesystem::file_size(dir / "copy.db"));
  EXPECT_EQ(scalar(dir / "copy.db", "SELECT count(*) FROM events"), 500);
  EXPECT_FALSE(std::filesystem::exists(dir / "copy.db.partial"));
}

// Each of the writer's transactions adds 100 rows: a snapshot of one commit
// holds a multiple of 100, whatever moment the copy read it at.
TEST(DatabaseBackup, IsASnapshotOfOneCommitWhileAnotherConnectionWrites) {
  test::TempDir dir;
  Database db({dir / "vigil.db"});
  insert_rows(db, 0, 1000);
  std::atomic<bool> done{false};
  std::atomic<int> batches{0};
  std::thread writer([&] {
    for (int b = 10; !done; ++b, ++batches) insert_rows(db, b * 100, 100);
  });
  while (batches < 5) std::this_thread::yield();
  backup_database(dir / "vigil.db", dir / "copy.db");
  done = true;
  writer.join();
  const auto rows = scalar(dir / "copy.db", "SELECT count(*) FROM events");
  EXPECT_GE(rows, 1500);
  EXPECT_EQ(rows % 100, 0);
}

TEST(DatabaseBackup, NeverOverwritesAFile) {
  test::TempDir dir;
  Database db({dir / "vigil.db"});
  std::ofstream(dir / "copy.db") << "keep me";
  try {
    backup_database(dir / "vigil.db", dir / "copy.db");
    FAIL() << "overwrote the file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("exists"), std::string::npos) << e.what();
  }
  EXPECT_EQ(std::filesystem::file_size(dir / "copy.db"), 7u);
}

TEST(DatabaseBackup, SaysWhenThereIsNoDatabase) {
  test::TempDir dir;
  EXPECT_THROW(backup_database(dir / "absent.db", dir / "copy.db"), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(dir / "absent.db"));  // not created by trying
}

}  // namespace
}  // namespace vigil::storage
