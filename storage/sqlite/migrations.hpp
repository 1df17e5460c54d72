#pragma once

#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// The schema version this build writes (PRAGMA user_version).
int current_schema_version();

// Brings the database up to `target` (tests stop early to build an old
// file), one migration per version, each in its own transaction. A database
// newer than this build is refused rather than silently misread.
void migrate(Connection& connection, int target = current_schema_version());

}  // namespace vigil::storage
