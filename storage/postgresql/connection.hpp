#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/postgresql/params.hpp"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace vigil::storage::postgresql {

// A statement's rows, every column in binary format. Owns its PGresult.
class Result {
 public:
  explicit Result(PGresult* result);
  ~Result();
  Result(Result&& other) noexcept;
  Result& operator=(Result&&) = delete;
  Result(const Result&) = delete;

  int rows() const;
  bool is_null(int row, int column) const;
  std::string_view bytes(int row, int column) const;  // text or bytea
  std::int64_t int8(int row, int column) const;
  std::optional<std::int64_t> optional_int8(int row, int column) const;
  std::int32_t int4(int row, int column) const;
  double float8(int row, int column) const;
  bool boolean(int row, int column) const;

 private:
  PGresult* result_;
};

// Throws engine::StoreError naming the problem when `conninfo` is no libpq
// connection string, or when it carries a password: that belongs in a file
// (storage.password_file, PGPASSFILE), out of the configuration that is
// shown and copied around.
void check_conninfo(const std::string& conninfo);

// One libpq connection. Errors throw engine::StoreError whose message names
// the server (host, port, database, user: never the password) and the
// statement; its kind follows the SQLSTATE (connection loss and server
// shutdown are transient). Not thread-safe: ConnectionPool hands each to
// one thread at a time.
class Connection {
 public:
  // Connects with a libpq connection string ("host=… dbname=…" or a
  // postgresql:// URL) and, when not empty, `password` beside it (else
  // libpq reads PGPASSFILE).
  explicit Connection(const std::string& conninfo, const std::string& password = {});
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL without parameters or results; it may hold several statements.
  void exec(std::string_view sql);
  // Runs one statement with binary parameters and results.
  Result query(const std::string& sql, const Params& params = {});
  // Runs one statement, handing its rows to `visit` one at a time as they
  // arrive (libpq's single-row mode), so a scan of a million rows holds one;
  // stops when `visit` returns false, leaving the connection broken() (the
  // pool replaces it). Returns whether every row was visited. The Result
  // holds one row (row 0).
  bool stream(const std::string& sql, const Params& params, const std::function<bool(const Result& row)>& visit);

  // The connection was lost or a stream stopped early; it cannot be used again.
  bool broken() const;
  // "postgresql host:port/database as user", for messages.
  const std::string& describe() const { return describe_; }

 private:
  [[noreturn]] void fail(std::string_view sql, PGresult* result) const;
  void send(const std::string& sql, const Params& params);

  PGconn* conn_ = nullptr;
  std::string describe_;
};

// BEGIN on construction; ROLLBACK on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& c_;
  bool done_ = false;
};

}  // namespace vigil::storage::postgresql
