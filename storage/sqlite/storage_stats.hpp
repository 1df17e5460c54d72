#pragma once

#include "engine/store/storage_figures.hpp"
#include "storage/sqlite/database.hpp"

namespace vigil::storage {

// Counts the database's events and alerts and measures it on disk: the main
// file (page_count * page_size) plus its write-ahead log. Throws StoreError
// when the database cannot be read.
engine::StorageFigures measure_storage(Database& database);

}  // namespace vigil::storage
