#include "daemon/storage_backend.hpp"

#include "daemon/postgresql_storage.hpp"
#include "daemon/sqlite_storage.hpp"

namespace vigil::daemon {

std::unique_ptr<StorageBackend> open_storage(const config::StorageOptions& options, StorageOpening how) {
  // A validation run connects to nothing: SQLite in memory stands in.
  if (options.backend == "postgresql" && !how.validating) return open_postgresql_storage(options, how);
  return open_sqlite_storage(options, how);
}

}  // namespace vigil::daemon
