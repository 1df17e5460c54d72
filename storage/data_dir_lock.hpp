#pragma once

#include <filesystem>

namespace vigil::storage {

// An exclusive lock on a data directory, held for this object's lifetime:
// two vigild on one database would both run every rule (alerting twice)
// and both queue writes on SQLite's one writer. flock(2) on `<dir>/vigil.lock`, which holds the
// holder's pid for the message a second process gets; the kernel releases
// the lock when the process ends, however it ends, so a stale file never
// blocks a restart. The directory must exist.
class DataDirLock {
 public:
  // Throws std::runtime_error naming the directory (and the holder's pid
  // when the lock file has one) if another process holds the lock, or
  // naming the file if it cannot be opened.
  explicit DataDirLock(const std::filesystem::path& dir);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace vigil::storage
