#pragma once

#include <filesystem>
#include <ostream>

#include "config/options.hpp"

namespace vigil::daemon {

// `vigild backup --to FILE`: a consistent copy of the configured database,
// taken while a vigild may be running on it (storage/sqlite/database_backup.hpp).
// Returns the exit code; what was done goes to `out`, problems to `err`.
int backup_command(const config::StorageOptions& storage, const std::filesystem::path& to, std::ostream& out,
                   std::ostream& err);

// `vigild restore --from FILE`: replaces the configured database with a
// checked backup (storage/sqlite/database_restore.hpp). Holds the data
// directory's lock throughout, so it refuses to run while a vigild does and
// no vigild starts while it runs. Returns the exit code.
int restore_command(const config::StorageOptions& storage, const std::filesystem::path& from, std::ostream& out,
                    std::ostream& err);

}  // namespace vigil::daemon
