#include "storage/sqlite/alert_triage.hpp"

namespace vigil::storage {
namespace {

std::optional<std::string> optional_text(const Statement& stmt, int column) {
  if (stmt.column_is_null(column)) return std::nullopt;
  return stmt.column_text(column);
}

Statement& bind_text(Statement& stmt, int index, const std::optional<std::string>& value) {
  return value ? stmt.bind(index, *value) : stmt.bind_null(index);
}

}  // namespace

std::vector<TriageState> read_triage_states(Connection& c, const SqlWhere& where) {
  Statement stmt(c.handle(), "SELECT seq, status, classification, determination, assignee FROM alerts " + where.sql() +
                                 " ORDER BY seq");
  bind(where, stmt);
  std::vector<TriageState> states;
  while (stmt.step())
    states.push_back({stmt.column_int(0), stored_alert_status(stmt.column_text(1)), optional_text(stmt, 2),
                      optional_text(stmt, 3), optional_text(stmt, 4)});
  return states;
}

bool apply_triage_change(Connection& c, const TriageState& before, const engine::AlertChange& change,
                         const engine::AlertActor& actor, OutboxWrites outbox) {
  const auto [after, entries] = judge_triage_change(before, change);
  if (entries.empty()) return false;

  auto& update = c.prepare(
      "UPDATE alerts SET status = ?2, classification = ?3, determination = ?4, assignee = ?5, "
      "triage_updated_at = ?6 WHERE seq = ?1");
  update.bind(1, after.seq).bind(2, to_string(after.status));
  bind_text(update, 3, after.classification);
  bind_text(update, 4, after.determination);
  bind_text(update, 5, after.assignee);
  update.bind(6, actor.at).run();

  auto& insert = c.prepare(
      "INSERT INTO alert_history (alert_seq, at, author, field, from_value, to_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const auto& entry : entries) {
    insert.bind(1, before.seq).bind(2, actor.at).bind(3, actor.name).bind(4, std::string_view(entry.field));
    bind_text(insert, 5, entry.from);
    bind_text(insert, 6, entry.to);
    insert.run();
  }
  if (outbox == OutboxWrites::kOn)
    if (const auto delivered = delivered_triage_change(entries, actor); !delivered.is_null())
      enqueue_alert_triaged(c, before.seq, delivered, actor.at);
  return true;
}

std::optional<std::int64_t> read_triage_history(Connection& c, std::int64_t alert_seq, std::int64_t after,
                                                const engine::PageSink& take) {
  auto& stmt = c.prepare(
      "SELECT at, author, field, from_value, to_value, seq FROM alert_history WHERE alert_seq = ?1 AND seq > ?2 "
      "ORDER BY seq");
  stmt.bind(1, alert_seq).bind(2, after);
  std::optional<std::int64_t> last, next;
  while (stmt.step()) {
    if (!take(history_entry_text(stmt.column_int(0), stmt.column_text(1), stmt.column_text(2), optional_text(stmt, 3),
                                 optional_text(stmt, 4)))) {
      next = last;
      break;
    }
    last = stmt.column_int(5);
  }
  stmt.reset();
  return next;
}

}  // namespace vigil::storage
