#include "daemon/backup_command.hpp"

#include <exception>
#include <memory>

#include "storage/data_dir_lock.hpp"
#include "storage/sqlite/database_backup.hpp"
#include "storage/sqlite/database_restore.hpp"

namespace vigil::daemon {
namespace {

// These copy the SQLite file; a PostgreSQL database has the server's own
// tools, which see every node's writes.
bool refused_on_postgresql(const config::StorageOptions& storage, const char* command, std::ostream& err) {
  if (storage.backend != "postgresql") return false;
  err << "vigild " << command << ": storage.backend is \"postgresql\": " << command
      << " the database with the server's tools (pg_dump, pg_restore, base backups) instead\n";
  return true;
}

}  // namespace

int backup_command(const config::StorageOptions& storage, const std::filesystem::path& to, std::ostream& out,
                   std::ostream& err) {
  if (refused_on_postgresql(storage, "backup", err)) return 2;
  try {
    const auto report = storage::backup_database(storage.database_path(), to);
    out << "vigild backup: " << storage.database_path().string() << " copied to " << to.string() << " ("
        << report.bytes << " bytes, schema version " << report.schema_version << ")\n";
    return 0;
  } catch (const std::exception& e) {
    err << "vigild backup: " << e.what() << "\n";
    return 1;
  }
}

int restore_command(const config::StorageOptions& storage, const std::filesystem::path& from, std::ostream& out,
                    std::ostream& err) {
  if (refused_on_postgresql(storage, "restore", err)) return 2;
  std::unique_ptr<storage::DataDirLock> lock;
  try {
    std::filesystem::create_directories(storage.data_dir);
    lock = std::make_unique<storage::DataDirLock>(storage.data_dir);
  } catch (const std::exception& e) {
    err << "vigild restore: " << e.what() << "; restore replaces the database, so the daemon must be stopped first\n";
    return 1;
  }
  try {
    const auto report = storage::restore_database(from, storage.database_path());
    out << "vigild restore: " << from.string() << " restored to " << storage.database_path().string()
        << " (schema version " << report.schema_version << "; vigild migrates it on start if older)\n";
    if (report.previous) out << "vigild restore: the database it replaced is kept as " << report.previous->string() << "\n";
    return 0;
  } catch (const std::exception& e) {
    err << "vigild restore: " << e.what() << "; the database was left as it was\n";
    return 1;
  }
}

}  // namespace vigil::daemon
