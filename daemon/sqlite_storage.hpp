#pragma once

#include <memory>

#include "daemon/storage_backend.hpp"

namespace vigil::daemon {

// The embedded default: one SQLite file in the data directory, locked
// against a second vigild for as long as it is open.
std::unique_ptr<StorageBackend> open_sqlite_storage(const config::StorageOptions& options, StorageOpening how);

}  // namespace vigil::daemon
