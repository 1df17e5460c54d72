#pragma once

#include <memory>

#include "daemon/storage_backend.hpp"

namespace vigil::daemon {

// Every store on one PostgreSQL database (docs/POSTGRESQL.md): its schema
// created or migrated on open, under an advisory lock so that nodes
// starting together migrate it once.
std::unique_ptr<StorageBackend> open_postgresql_storage(const config::StorageOptions& options, StorageOpening how);

}  // namespace vigil::daemon
