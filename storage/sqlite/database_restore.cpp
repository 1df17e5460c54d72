#include "storage/sqlite/database_restore.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include "storage/file_sync.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"

namespace vigil::storage {
namespace {

namespace fs = std::filesystem;

fs::path beside(const fs::path& file, const char* suffix) { return file.string() + suffix; }

void remove_with_log(const fs::path& file) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(beside(file, suffix));
}

// Throws unless `staged` is a sound Vigil database this build can open;
// returns its schema version. Opening it read-write puts it in WAL mode, as
// vigild keeps its database; closing it folds that log back in.
int check_backup(const fs::path& staged, const fs::path& backup) {
  std::unique_ptr<Connection> c;
  std::string problems;
  try {
    c = std::make_unique<Connection>(staged, Connection::Options{});
    auto& check = c->prepare("PRAGMA integrity_check(10)");
    while (check.step()) problems += (problems.empty() ? "" : "; ") + check.column_text(0);
  } catch (const std::exception& e) {
    // Damage that stops the check itself: "file is not a database",
    // "database disk image is malformed".
    problems = e.what();
  }
  if (problems != "ok")
    throw std::runtime_error("backup " + backup.string() + " fails PRAGMA integrity_check: " + problems);
  auto& version = c->prepare("PRAGMA user_version");
  version.step();
  const int found = static_cast<int>(version.column_int(0));
  version.reset();
  if (found == 0)
    throw std::runtime_error("backup " + backup.string() + " is not a Vigil database (it has no Vigil schema version)");
  if (found > current_schema_version())
    throw std::runtime_error(
        "backup " + backup.string() + " has schema version " + std::to_string(found) +
        ", newer than this vigild knows (" + std::to_string(current_schema_version()) +
        "): it was taken by a newer vigild, whose tables this one could misread; restore it with that version or a "
        "later one (Vigil migrates a schema forward, never back)");
  return found;
}

// Folds the old database's write-ahead log into it, or moves the log beside
// `previous` when the old file cannot be opened, so no log is left that
// SQLite would replay onto the file renamed into its place.
void settle_old_log(const fs::path& database, const fs::path& previous) {
  try {
    Connection old(database, Connection::Options{});
    old.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const std::exception&) {
    // A damaged database: its log goes with it, unapplied.
  }
  if (fs::exists(beside(database, "-wal")) && fs::file_size(beside(database, "-wal")) > 0)
    fs::rename(beside(database, "-wal"), beside(previous, "-wal"));
}

}  // namespace

RestoreReport restore_database(const fs::path& backup, const fs::path& database) {
  if (!fs::is_regular_file(backup)) throw std::runtime_error("no backup file at " + backup.string());
  const auto staged = beside(database, ".restoring");
  remove_with_log(staged);  // left by an interrupted restore
  RestoreReport report;
  try {
    fs::copy_file(backup, staged);
    report.schema_version = check_backup(staged, backup);
    sync_file(staged);
  } catch (...) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(beside(staged, suffix), ignored);
    throw;
  }
  if (fs::exists(database)) {
    const auto previous = beside(database, ".before-restore");
    remove_with_log(previous);
    settle_old_log(database, previous);
    fs::create_hard_link(database, previous);
    report.previous = previous;
  }
  fs::rename(staged, database);
  fs::remove(beside(database, "-wal"));
  fs::remove(beside(database, "-shm"));
  sync_directory(fs::absolute(database).parent_path());
  return report;
}

}  // namespace vigil::storage
