#include "storage/sqlite/sqlite_outbox.hpp"

#include "storage/sqlite/alert_document.hpp"

namespace vigil::storage {
namespace {

using engine::outputs::OutboxEntry;
using engine::outputs::OutboxKind;
using engine::outputs::OutputPosition;

// An output seen for the first time starts at the end of the outbox.
OutputPosition read_position(Connection& c, const std::string& output) {
  c.prepare(
       "INSERT INTO output_state (output, cursor) VALUES (?1, (SELECT coalesce(max(seq), 0) FROM outbox)) "
       "ON CONFLICT (output) DO NOTHING")
      .bind(1, output)
      .run();
  auto& stmt =
      c.prepare("SELECT cursor, attempts, next_attempt_at, first_failure_at FROM output_state WHERE output = ?1");
  stmt.bind(1, output);
  stmt.step();
  OutputPosition position{stmt.column_int(0), static_cast<int>(stmt.column_int(1)), stmt.column_optional_int(2),
                          stmt.column_optional_int(3)};
  stmt.reset();
  return position;
}

void set_cursor(Connection& c, const std::string& output, std::int64_t seq) {
  c.prepare(
       "UPDATE output_state SET cursor = max(cursor, ?2), attempts = 0, next_attempt_at = NULL, "
       "first_failure_at = NULL WHERE output = ?1")
      .bind(1, output)
      .bind(2, seq)
      .run();
}

}  // namespace

SqliteOutbox::SqliteOutbox(Database& db, std::vector<std::string> outputs)
    : db_(db), outputs_json_(nlohmann::json(std::move(outputs)).dump()) {
  db_.write([&](Connection& c) {
    Transaction tx(c);
    prune(c);
    tx.commit();
  });
}

void SqliteOutbox::prune(Connection& c) {
  // Outputs without a position yet start at the end, so they hold nothing back.
  c.prepare(
       "DELETE FROM outbox WHERE seq <= coalesce((SELECT min(cursor) FROM output_state WHERE output IN "
       "(SELECT value FROM json_each(?1))), CASE WHEN json_array_length(?1) = 0 THEN (SELECT max(seq) FROM outbox) "
       "ELSE 0 END)")
      .bind(1, outputs_json_)
      .run();
}

OutputPosition SqliteOutbox::position(const std::string& output) {
  return db_.write([&](Connection& c) { return read_position(c, output); });
}

std::vector<OutboxEntry> SqliteOutbox::entries_after(std::int64_t cursor, std::size_t limit) {
  return db_.read([&](Connection& c) {
    auto& stmt = c.prepare("SELECT " + std::string(kAlertDocumentColumns) +
                           ", o.seq, o.kind, o.at, o.change, a.id FROM outbox AS o LEFT JOIN alerts AS a ON a.seq = "
                           "o.alert_seq WHERE o.seq > ?1 ORDER BY o.seq LIMIT ?2");
    stmt.bind(1, cursor).bind(2, static_cast<std::int64_t>(limit));
    std::vector<OutboxEntry> entries;
    while (stmt.step()) {
      OutboxEntry entry;
      entry.seq = stmt.column_int(6);
      entry.kind = stmt.column_text(7) == "triaged" ? OutboxKind::kAlertTriaged : OutboxKind::kAlertCreated;
      entry.at = stmt.column_int(8);
      if (!stmt.column_is_null(9)) entry.change = nlohmann::json::parse(stmt.column_text(9));
      if (!stmt.column_is_null(0)) {
        entry.alert_id = stmt.column_text(10);
        entry.alert = nlohmann::json::parse(alert_text(stmt));
      }
      entries.push_back(std::move(entry));
    }
    stmt.reset();
    return entries;
  });
}

std::uint64_t SqliteOutbox::pending(const std::string& output) {
  return db_.read([&](Connection& c) {
    auto& stmt = c.prepare(
        "SELECT count(*) FROM outbox WHERE seq > coalesce((SELECT cursor FROM output_state WHERE output = ?1), "
        "(SELECT max(seq) FROM outbox))");
    stmt.bind(1, output);
    stmt.step();
    const auto n = stmt.column_int(0);
    stmt.reset();
    return static_cast<std::uint64_t>(n);
  });
}

void SqliteOutbox::advance(const std::string& output, std::int64_t seq) {
  db_.write([&](Connection& c) {
    Transaction tx(c);
    set_cursor(c, output, seq);
    prune(c);
    tx.commit();
  });
}

void SqliteOutbox::record_failure(const std::string& output, const OutputPosition& position) {
  db_.write([&](Connection& c) {
    c.prepare("UPDATE output_state SET attempts = ?2, next_attempt_at = ?3, first_failure_at = ?4 WHERE output = ?1")
        .bind(1, output)
        .bind(2, std::int64_t{position.attempts})
        .bind(3, position.next_attempt_at)
        .bind(4, position.first_failure_at)
        .run();
  });
}

void SqliteOutbox::dead_letter(const std::string& output, const OutboxEntry& entry, int attempts,
                               const std::string& error, engine::TimeMs at) {
  db_.write([&](Connection& c) {
    Transaction tx(c);
    c.prepare(
         "INSERT INTO output_dead_letters (output, outbox_seq, kind, alert_id, attempts, error, at) VALUES (?1, ?2, "
         "?3, ?4, ?5, ?6, ?7)")
        .bind(1, output)
        .bind(2, entry.seq)
        .bind(3, std::string_view(entry.kind == OutboxKind::kAlertTriaged ? "triaged" : "created"))
        .bind(4, entry.alert_id)
        .bind(5, std::int64_t{attempts})
        .bind(6, error)
        .bind(7, at)
        .run();
    set_cursor(c, output, entry.seq);
    prune(c);
    tx.commit();
  });
}

}  // namespace vigil::storage
