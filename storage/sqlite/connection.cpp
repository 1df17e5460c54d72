#include "storage/sqlite/connection.hpp"

#include <sqlite3.h>

#include <cstring>

#include "engine/store/event_store.hpp"
#include "storage/sqlite/case_fold_function.hpp"

namespace vigil::storage {

namespace {

engine::StoreErrorKind kind_of(int primary) {
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return engine::StoreErrorKind::kLocked;
    case SQLITE_FULL:
      return engine::StoreErrorKind::kDiskFull;
    case SQLITE_IOERR:
      return engine::StoreErrorKind::kIoError;
    case SQLITE_NOMEM:
      return engine::StoreErrorKind::kOutOfMemory;
    case SQLITE_INTERRUPT:  // a read ran past Database::Options::query_timeout_ms
      return engine::StoreErrorKind::kQueryTimeout;
    default:
      return engine::StoreErrorKind::kFailed;
  }
}

}  // namespace

void throw_sqlite_error(sqlite3* db, int code, std::string_view context) {
  const int primary = code & 0xff;
  std::string message(context);
  message += ": ";
  message += primary == SQLITE_INTERRUPT ? "the query ran past the storage query_timeout_ms and was stopped"
                                         : (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  // "disk I/O error" alone does not say which call failed or why.
  if (db && (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN)) {
    message += " (extended code " + std::to_string(sqlite3_extended_errcode(db));
    if (const int error = sqlite3_system_errno(db)) message += ", " + std::string(std::strerror(error));
    message += ")";
  }
  throw engine::StoreError(message, kind_of(primary));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  const int rc =
      sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_sqlite_error(db, rc, "prepare");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  needs_reset_ = false;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (needs_reset_) reset();
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (needs_reset_) reset();
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  if (needs_reset_) reset();
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (needs_reset_) reset();
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_real(int index, double value) {
  if (needs_reset_) reset();
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

bool Statement::step() {
  if (needs_reset_) reset();
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    // End the statement's read snapshot now, so an idle cached statement
    // never holds back WAL checkpoints; bindings are cleared on next use.
    sqlite3_reset(stmt_);
    needs_reset_ = true;
    return false;
  }
  const int code = rc;
  sqlite3_reset(stmt_);
  throw_sqlite_error(db_, code, "step");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::optional<std::int64_t> Statement::column_optional_int(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_int(index);
}

std::string Statement::column_text(int index) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))) : std::string();
}

std::string_view Statement::column_bytes(int index) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
  return bytes ? std::string_view(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
               : std::string_view();
}

bool Statement::column_is_blob(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_BLOB; }

bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

Statement::ColumnType Statement::column_type(int index) const {
  switch (sqlite3_column_type(stmt_, index)) {
    case SQLITE_INTEGER:
      return ColumnType::kInteger;
    case SQLITE_FLOAT:
      return ColumnType::kReal;
    case SQLITE_TEXT:
      return ColumnType::kText;
    case SQLITE_BLOB:
      return ColumnType::kBlob;
    default:
      return ColumnType::kNull;
  }
}

double Statement::column_real(int index) const { return sqlite3_column_double(stmt_, index); }

Connection::Connection(const std::filesystem::path& path, const Options& options) {
  const int flags = (options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                    (options.uri ? SQLITE_OPEN_URI : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string context = "open " + path.string();
    sqlite3* db = db_;
    db_ = nullptr;
    try {
      throw_sqlite_error(db, rc, context);
    } catch (...) {
      sqlite3_close(db);
      throw;
    }
  }
  sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout_ms));
  try {
    if (!options.read_only) {
      exec("PRAGMA journal_mode=WAL");
      exec(options.synchronous == "full" ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    }
    exec("PRAGMA foreign_keys=ON");
    add_case_fold_function(db_);
  } catch (...) {
    // A constructor that throws runs no destructor: close here (a full disk
    // fails the WAL pragma of a database that opened).
    sqlite3_close_v2(db_);
    throw;
  }
}

Connection::~Connection() {
  statements_.clear();  // finalize before closing
  sqlite3_close_v2(db_);
}

Statement& Connection::prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  it->second->reset();
  return *it->second;
}

void Connection::end_statements() {
  for (auto& [sql, statement] : statements_) statement->reset();
}

void Connection::exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_sqlite_error(db_, rc, text);
}

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

Transaction::Transaction(Connection& connection) : connection_(connection) { connection_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  connection_.exec("COMMIT");
  done_ = true;
}

}  // namespace vigil::storage
