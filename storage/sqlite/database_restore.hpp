#pragma once

#include <filesystem>
#include <optional>

namespace vigil::storage {

struct RestoreReport {
  int schema_version = 0;  // of the restored database, before vigild migrates it
  // Where the database that was replaced now is, if there was one.
  std::optional<std::filesystem::path> previous;
};

// Replaces the database file `database` with the backup `backup` (a file
// backup_database made, or any Vigil database file), after checking it:
//   - PRAGMA integrity_check must answer "ok";
//   - it must be a Vigil database (schema version 1 or later), and not one
//     newer than this build: a newer vigild's tables may mean what this one
//     cannot read, so a downgrade is refused rather than misread. An older
//     one is fine: vigild migrates it when it next opens it.
// The checks run on a copy written beside `database`, which is synced and
// then renamed over it, so `database` is at every moment either the old
// file or the whole restored one. The old file stays as
// `<database>.before-restore` (a hard link made before the rename); its
// write-ahead log is folded into it first, or, if that fails (a damaged
// database, the usual reason to restore), moved beside it, because SQLite
// would otherwise replay the old log onto the restored file.
//
// The caller must hold the data directory's lock: no process may have
// `database` open. Throws std::runtime_error saying what is wrong with the
// backup, leaving `database` as it was.
RestoreReport restore_database(const std::filesystem::path& backup, const std::filesystem::path& database);

}  // namespace vigil::storage
