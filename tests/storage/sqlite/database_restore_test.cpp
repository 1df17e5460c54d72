#include "storage/sqlite/database_restore.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "storage/sqlite/database.hpp"
#include "storage/sqlite/database_backup.hpp"
#include "storage/sqlite/migrations.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

namespace fs = std::filesystem;

std::int64_t scalar(const fs::path& file, const char* sql) {
  Connection c(file, Connection::Options{.read_only = true});
  Statement stmt(c.handle(), sql);
  stmt.step();
  return stmt.column_int(0);
}

// A database with `rows` events, closed.
void make_database(const fs::path& file, int rows) {
  fs::create_directories(file.parent_path());
  Database db({file});
  db.write([&](Connection& c) {
    for (int i = 0; i < rows; ++i)
      c.prepare("INSERT INTO events (idx, id, ingested, category, dataset, doc) VALUES ('i', ?1, 0, '', '', '{}')")
          .bind(1, std::to_string(i))
          .run();
  });
}

std::string refusal(const fs::path& backup, const fs::path& database) {
  try {
    restore_database(backup, database);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(DatabaseRestore, ReplacesTheDatabaseAndKeepsTheOldOneBeside) {
  test::TempDir dir;
  make_database(dir / "backup.db", 7);
  make_database(dir / "data/vigil.db", 3);
  const auto report = restore_database(dir / "backup.db", dir / "data/vigil.db");
  EXPECT_EQ(report.schema_version, current_schema_version());
  EXPECT_EQ(scalar(dir / "data/vigil.db", "SELECT count(*) FROM events"), 7);
  ASSERT_TRUE(report.previous);
  EXPECT_EQ(scalar(*report.previous, "SELECT count(*) FROM events"), 3);
  EXPECT_FALSE(fs::exists(dir / "data/vigil.db.restoring"));
}

// The old database's log holds commits that belong to it alone: replayed
// onto the restored file they would corrupt it.
TEST(DatabaseRestore, FoldsTheOldLogIntoTheOldDatabaseNotTheRestoredOne) {
  test::TempDir dir;
  make_database(dir / "backup.db", 7);
  fs::create_directories(dir / "data");
  {
    Database live({dir / "data/vigil.db"});
    live.write([](Connection& c) {
      c.exec("PRAGMA wal_autocheckpoint = 0");
      c.exec("INSERT INTO events (idx, id, ingested, category, dataset, doc) VALUES ('i', 'late', 0, '', '', '{}')");
    });
    // Left as after kill -9: the log and its commit are still there.
    fs::copy_file(dir / "data/vigil.db", dir / "crashed.db");
    fs::copy_file(dir / "data/vigil.db-wal", dir / "crashed.db-wal");
  }
  fs::remove(dir / "data/vigil.db");
  fs::copy_file(dir / "crashed.db", dir / "data/vigil.db");
  fs::copy_file(dir / "crashed.db-wal", dir / "data/vigil.db-wal");
  ASSERT_GT(fs::file_size(dir / "data/vigil.db-wal"), 0u);

  const auto report = restore_database(dir / "backup.db", dir / "data/vigil.db");
  EXPECT_EQ(scalar(dir / "data/vigil.db", "SELECT count(*) FROM events"), 7);
  EXPECT_EQ(scalar(*report.previous, "SELECT count(*) FROM events WHERE id = 'late'"), 1);
}

TEST(DatabaseRestore, RefusesABackupFromANewerSchemaAndSaysWhy) {
  test::TempDir dir;
  make_database(dir / "backup.db", 1);
  {
    Connection c(dir / "backup.db", Connection::Options{});
    c.exec("PRAGMA user_version = " + std::to_string(current_schema_version() + 1));
  }
  make_database(dir / "data/vigil.db", 3);
  const auto message = refusal(dir / "backup.db", dir / "data/vigil.db");
  EXPECT_NE(message.find("newer than this vigild"), std::string::npos) << message;
  EXPECT_EQ(scalar(dir / "data/vigil.db", "SELECT count(*) FROM events"), 3);
  EXPECT_FALSE(fs::exists(dir / "data/vigil.db.restoring"));
}

TEST(DatabaseRestore, RefusesAFileThatIsNotADatabase) {
  test::TempDir dir;
  std::ofstream(dir / "backup.db") << std::string(8192, 'x');
  make_database(dir / "data/vigil.db", 3);
  const auto message = refusal(dir / "backup.db", dir / "data/vigil.db");
  EXPECT_NE(message.find("not a database"), std::string::npos) << message;
  EXPECT_EQ(scalar(dir / "data/vigil.db", "SELECT count(*) FROM events"), 3);
}

TEST(DatabaseRestore, RefusesAnSqliteFileThatIsNotVigils) {
  test::TempDir dir;
  { Connection(dir / "other.db", Connection::Options{}).exec("CREATE TABLE t (x)"); }
  fs::create_directories(dir / "data");
  const auto message = refusal(dir / "other.db", dir / "data/vigil.db");
  EXPECT_NE(message.find("not a Vigil database"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir / "data/vigil.db"));
}

// A page whose bytes were overwritten: SQLite opens the file, the check finds it.
TEST(DatabaseRestore, RefusesABackupThatFailsTheIntegrityCheck) {
  test::TempDir dir;
  make_database(dir / "backup.db", 2000);
  const auto size = fs::file_size(dir / "backup.db");
  {
    std::fstream f(dir / "backup.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    const std::string garbage(4096, '\x7f');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  fs::create_directories(dir / "data");
  const auto message = refusal(dir / "backup.db", dir / "data/vigil.db");
  EXPECT_NE(message.find("integrity_check"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir / "data/vigil.db"));
}

}  // namespace
}  // namespace vigil::storage
