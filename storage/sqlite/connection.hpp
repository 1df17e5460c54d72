#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace vigil::storage {

// One prepared statement. Bind with 1-based indexes; step() returns true
// while a row is available. Reset happens on bind after a completed step,
// so a statement can be reused without ceremony. Not thread-safe.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<std::int64_t>& value);
  // Not an overload of bind: an int argument would be ambiguous.
  Statement& bind_real(int index, double value);

  bool step();  // throws StoreError on failure
  void run();   // step() to completion, then reset
  void reset();

  std::int64_t column_int(int index) const;
  std::optional<std::int64_t> column_optional_int(int index) const;
  std::string column_text(int index) const;
  // The column's bytes without conversion, valid until the next step or reset.
  std::string_view column_bytes(int index) const;
  bool column_is_blob(int index) const;
  bool column_is_null(int index) const;
  enum class ColumnType { kNull, kInteger, kReal, kText, kBlob };
  ColumnType column_type(int index) const;
  double column_real(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool needs_reset_ = false;
};

// An open SQLite connection. Not thread-safe: callers serialize use.
class Connection {
 public:
  struct Options {
    unsigned busy_timeout_ms = 5000;
    std::string synchronous = "normal";
    bool read_only = false;
    bool uri = false;  // `path` is an SQLite URI ("file:name?mode=memory&cache=shared")
  };

  Connection(const std::filesystem::path& path, const Options& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);
  std::int64_t changes() const;
  sqlite3* handle() const { return db_; }

  // A statement prepared once per connection and reused: the SQL text is
  // the cache key, so callers write SQL inline where it is used.
  Statement& prepare(std::string_view sql);

  // Ends every cached statement a caller left mid-result (one row read of
  // several). Until then the connection holds a read transaction, which
  // keeps checkpoints from recycling the WAL and makes BEGIN IMMEDIATE fail
  // with SQLITE_BUSY at once, skipping the busy timeout, whenever another
  // connection holds the write lock.
  void end_statements();

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// Throws StoreError for a failed SQLite call, its kind from the result code
// (busy/locked, full, I/O error, out of memory, interrupted read), so the
// API can tell clients what happened and ask them to retry.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int code, std::string_view context);

// RAII transaction: BEGIN IMMEDIATE on construction, ROLLBACK unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  void commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

}  // namespace vigil::storage
