#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// The SQLite database file: one writer connection (SQLite allows one writer
// at a time, so writes queue on a mutex rather than on SQLITE_BUSY) and a
// pool of reader connections that WAL lets run beside it. Opening runs the
// schema migrations. Thread-safe.
class Database {
 public:
  struct Options {
    std::filesystem::path path;
    std::string synchronous = "normal";
    unsigned busy_timeout_ms = 5000;
    // A read that runs longer is interrupted and fails with a transient
    // StoreError (the API answers 503), so one expensive query (a substring
    // search over a year of alerts) cannot hold a reader and a worker
    // indefinitely. 0: no limit.
    unsigned query_timeout_ms = 0;
    // A database in memory, gone with this object, instead of the file at
    // `path` (which is not touched): validation runs build every part of
    // the daemon on it and write nothing.
    bool in_memory = false;
  };

  explicit Database(Options options);

  // Runs `f(Connection&)` on the writer connection, one caller at a time.
  template <typename F>
  auto write(F&& f) {
    std::lock_guard lock(writer_mutex_);
    StatementsEnded ended{*writer_};
    return f(*writer_);
  }

  // Runs `f(Connection&)` on a reader connection, within query_timeout_ms.
  template <typename F>
  auto read(F&& f) {
    auto lease = acquire_reader();
    ReadDeadline deadline(*lease, options_.query_timeout_ms);
    return f(*lease);
  }

  int schema_version();
  // Whether the file reclaims free pages on request (PRAGMA auto_vacuum =
  // INCREMENTAL). Files created by this build do; older ones need a one-off
  // VACUUM to change.
  bool incremental_vacuum();
  // The file, or for an in-memory database the URI its connections share.
  const std::filesystem::path& path() const { return options_.path; }

 private:
  // Interrupts the connection's statements once the deadline has passed,
  // for as long as it lives.
  class ReadDeadline {
   public:
    ReadDeadline(Connection& c, unsigned timeout_ms);
    ~ReadDeadline();
    ReadDeadline(const ReadDeadline&) = delete;
    ReadDeadline& operator=(const ReadDeadline&) = delete;

   private:
    static int check(void* self);
    Connection& c_;
    std::chrono::steady_clock::time_point until_;
  };

  // Connection::end_statements() when the caller is done, whichever way.
  struct StatementsEnded {
    Connection& c;
    ~StatementsEnded() { c.end_statements(); }
  };

  struct ReaderReturn {
    Database* db;
    void operator()(Connection* c) const;
  };
  std::unique_ptr<Connection, ReaderReturn> acquire_reader();
  static void enable_incremental_vacuum_if_new(Connection& c);

  Options options_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace vigil::storage
