#include "storage/postgresql/connection.hpp"

#include <endian.h>
#include <libpq-fe.h>

#include <cstring>

#include "engine/store/store_error.hpp"

namespace vigil::storage::postgresql {
namespace {

// SQLSTATE classes and codes a caller can wait out (Appendix A of the
// PostgreSQL manual); anything else is a bug or a schema mismatch.
engine::StoreErrorKind kind_of(const char* sqlstate) {
  const std::string_view state = sqlstate ? sqlstate : "";
  if (state.empty() || state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03")
    return engine::StoreErrorKind::kUnreachable;  // the connection or the server went away
  if (state == "53100") return engine::StoreErrorKind::kDiskFull;
  if (state == "53200") return engine::StoreErrorKind::kOutOfMemory;
  if (state == "57014") return engine::StoreErrorKind::kQueryTimeout;
  if (state == "40001" || state == "40P01" || state == "55P03") return engine::StoreErrorKind::kLocked;
  return engine::StoreErrorKind::kFailed;
}

std::string first_line(std::string_view sql) {
  auto start = sql.find_first_not_of(" \n");
  sql = start == std::string_view::npos ? "" : sql.substr(start);
  const auto line = sql.substr(0, std::min(sql.find('\n'), std::size_t{100}));
  return std::string(line) + (line.size() < sql.size() ? " …" : "");
}

std::string trimmed(const char* message) {
  std::string out = message ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string describe_of(PGconn* conn) {
  const auto text = [](const char* s) { return std::string(s ? s : "?"); };
  return "postgresql " + text(PQhost(conn)) + ":" + text(PQport(conn)) + "/" + text(PQdb(conn)) + " as " +
         text(PQuser(conn));
}

}  // namespace

Result::Result(PGresult* result) : result_(result) {}
Result::~Result() { PQclear(result_); }
Result::Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
int Result::rows() const { return PQntuples(result_); }
bool Result::is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string_view Result::bytes(int row, int column) const {
  return {PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column))};
}

std::int64_t Result::int8(int row, int column) const {
  std::uint64_t be = 0;
  std::memcpy(&be, PQgetvalue(result_, row, column), sizeof be);
  return static_cast<std::int64_t>(be64toh(be));
}

std::optional<std::int64_t> Result::optional_int8(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return int8(row, column);
}

std::int32_t Result::int4(int row, int column) const {
  std::uint32_t be = 0;
  std::memcpy(&be, PQgetvalue(result_, row, column), sizeof be);
  return static_cast<std::int32_t>(be32toh(be));
}

double Result::float8(int row, int column) const {
  const auto bits = int8(row, column);
  double value = 0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

bool Result::boolean(int row, int column) const { return PQgetvalue(result_, row, column)[0] != 0; }

void check_conninfo(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    // libpq's message quotes what it could not parse, which may hold a secret.
    PQfreemem(error);
    throw engine::StoreError("postgresql: the connection string does not parse (key=value pairs or a postgresql:// URI)",
                             engine::StoreErrorKind::kFailed);
  }
  bool has_password = false;
  for (auto* o = options; o->keyword != nullptr; ++o)
    if (std::string_view(o->keyword) == "password" && o->val != nullptr && *o->val != '\0') has_password = true;
  PQconninfoFree(options);
  if (has_password)
    throw engine::StoreError(
        "postgresql: the connection string carries a password: put it in storage.password_file or libpq's "
        "PGPASSFILE instead",
        engine::StoreErrorKind::kFailed);
}

namespace {

PGconn* connect(const std::string& conninfo, const std::string& password) {
  if (password.empty()) return PQconnectdb(conninfo.c_str());
  // expand_dbname: the first dbname is the whole connection string, and the
  // password given apart is added to it.
  const char* keywords[] = {"dbname", "password", nullptr};
  const char* values[] = {conninfo.c_str(), password.c_str(), nullptr};
  return PQconnectdbParams(keywords, values, 1);
}

}  // namespace

Connection::Connection(const std::string& conninfo, const std::string& password) : conn_(connect(conninfo, password)) {
  if (conn_ == nullptr)
    throw engine::StoreError("postgresql: cannot allocate a connection", engine::StoreErrorKind::kOutOfMemory);
  describe_ = describe_of(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const auto message = describe_ + ": cannot connect: " + trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw engine::StoreError(message, engine::StoreErrorKind::kUnreachable);
  }
  // libpq prints the server's notices ("relation already exists,
  // skipping") on stderr; the statements that cause them expect them.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::broken() const { return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK; }

void Connection::fail(std::string_view sql, PGresult* result) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const auto message = describe_ + ": " + first_line(sql) + ": " +
                       trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  const auto kind = broken() ? engine::StoreErrorKind::kUnreachable : kind_of(state);
  PQclear(result);
  throw engine::StoreError(message, kind);
}

void Connection::exec(std::string_view sql) {
  const std::string text(sql);
  PGresult* result = PQexec(conn_, text.c_str());
  const auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(sql, result);
  PQclear(result);
}

Result Connection::query(const std::string& sql, const Params& params) {
  const auto values = params.values();
  PGresult* result = PQexecParams(conn_, sql.c_str(), params.size(), params.types(), values.data(), params.lengths(),
                                  params.formats(), 1);
  const auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(sql, result);
  return Result(result);
}

void Connection::send(const std::string& sql, const Params& params) {
  const auto values = params.values();
  if (PQsendQueryParams(conn_, sql.c_str(), params.size(), params.types(), values.data(), params.lengths(),
                        params.formats(), 1) == 0 ||
      PQsetSingleRowMode(conn_) == 0)
    fail(sql, nullptr);
}

bool Connection::stream(const std::string& sql, const Params& params,
                        const std::function<bool(const Result& row)>& visit) {
  send(sql, params);
  PGresult* failed = nullptr;
  while (PGresult* result = PQgetResult(conn_)) {
    const auto status = PQresultStatus(result);
    if (status == PGRES_SINGLE_TUPLE) {
      const Result row(result);
      if (visit(row)) continue;
      // The rest is not wanted. Draining it could take as long as the scan;
      // a cancel request races the next statement on this connection. So
      // the connection is closed (the server ends the statement when it
      // finds its client gone) and the pool opens another.
      PQfinish(conn_);
      conn_ = nullptr;
      return false;
    }
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && failed == nullptr) {
      failed = result;
      continue;
    }
    PQclear(result);
  }
  if (failed != nullptr) fail(sql, failed);
  return true;
}

Transaction::Transaction(Connection& c) : c_(c) { c_.exec("BEGIN"); }

Transaction::~Transaction() {
  if (done_ || c_.broken()) return;
  try {
    c_.exec("ROLLBACK");
  } catch (const engine::StoreError&) {
    // The connection is lost; the server rolls back on its own.
  }
}

void Transaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

}  // namespace vigil::storage::postgresql
