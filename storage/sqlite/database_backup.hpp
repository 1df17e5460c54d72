#pragma once

#include <cstdint>
#include <filesystem>

namespace vigil::storage {

struct BackupReport {
  std::uintmax_t bytes = 0;  // of the copy
  int schema_version = 0;    // PRAGMA user_version of the copy
};

// Copies the database file `source` to `destination` as one consistent
// snapshot, while other processes (a running vigild) go on writing it.
//
// The copy is `VACUUM INTO` on a read-only connection: it reads the whole
// database inside one read transaction, so it is a snapshot of one commit,
// and in WAL mode that transaction blocks no writer (checkpoints only stop
// short of the frames it still reads until it ends). SQLite's online backup
// API was the alternative: copied in small steps it restarts from the first
// page whenever another process commits between steps, so under sustained
// ingest it may never finish; copied in one step it holds the same read
// transaction as VACUUM INTO but also copies free pages. The copy is
// written as `<destination>.partial`, synced, then renamed, so
// `destination` is either absent or complete (VACUUM INTO itself does not
// sync its output).
//
// Takes no lock besides SQLite's own: it needs no data-directory lock and
// runs beside the daemon. Throws std::runtime_error (or engine::StoreError
// from SQLite) saying what failed; refuses to overwrite `destination`.
BackupReport backup_database(const std::filesystem::path& source, const std::filesystem::path& destination);

}  // namespace vigil::storage
