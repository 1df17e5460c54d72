#include "daemon/storage_backend.hpp"

#include "daemon/sqlite_storage.hpp"

namespace vigil::daemon {

std::unique_ptr<StorageBackend> open_storage(const config::StorageOptions& options, StorageOpening how) {
  return open_sqlite_storage(options, how);
}

}  // namespace vigil::daemon
