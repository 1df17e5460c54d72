#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace vigil::engine {

// Why a store operation failed, as far as a caller can act on it. Every kind
// but kFailed is transient: it clears without a code change (another
// process releases its lock, an operator frees disk space), so the API
// answers 503 and clients retry.
enum class StoreErrorKind {
  kLocked,        // another connection held the write lock past the busy timeout
  kDiskFull,      // no space left for the database or its write-ahead log
  kIoError,       // the operating system failed a read or write of the files
  kUnreachable,   // the database server refused the connection or lost it (a restart, a failover)
  kOutOfMemory,   // the storage engine could not allocate
  kQueryTimeout,  // a read ran past its deadline and was stopped
  kFailed,        // anything else: a bug, a corrupt file, a schema mismatch
};

// A short stable name for logs, metrics labels and error bodies
// ("locked", "disk_full", "io_error", "unreachable", "out_of_memory", "query_timeout",
// "failed").
std::string_view store_error_name(StoreErrorKind kind);

// A store failure the caller can act on. what() is for the log: it may name
// the statement that failed; callers answering a client say kind() instead.
class StoreError : public std::runtime_error {
 public:
  StoreError(const std::string& what, StoreErrorKind kind) : std::runtime_error(what), kind_(kind) {}
  StoreErrorKind kind() const { return kind_; }
  bool transient() const { return kind_ != StoreErrorKind::kFailed; }

 private:
  StoreErrorKind kind_;
};

}  // namespace vigil::engine
