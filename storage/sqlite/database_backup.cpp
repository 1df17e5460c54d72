#include "storage/sqlite/database_backup.hpp"

#include <stdexcept>
#include <string>

#include "storage/file_sync.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

BackupReport backup_database(const std::filesystem::path& source, const std::filesystem::path& destination) {
  namespace fs = std::filesystem;
  if (!fs::exists(source)) throw std::runtime_error("no database at " + source.string());
  if (fs::exists(destination))
    throw std::runtime_error(destination.string() + " exists: a backup never overwrites a file; choose a new name");
  // VACUUM INTO wants an absent or empty file: a .partial left by an
  // interrupted backup is the only thing that name can hold.
  const fs::path partial = destination.string() + ".partial";
  fs::remove(partial);
  try {
    Connection from(source, Connection::Options{.read_only = true});
    from.prepare("VACUUM INTO ?1").bind(1, partial.string()).run();
  } catch (...) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    throw;
  }
  BackupReport report;
  {
    Connection copy(partial, Connection::Options{.read_only = true});
    auto& version = copy.prepare("PRAGMA user_version");
    version.step();
    report.schema_version = static_cast<int>(version.column_int(0));
    version.reset();
  }
  sync_file(partial);
  fs::rename(partial, destination);
  sync_directory(fs::absolute(destination).parent_path());
  report.bytes = fs::file_size(destination);
  return report;
}

}  // namespace vigil::storage
