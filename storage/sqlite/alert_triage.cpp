#include "storage/sqlite/alert_triage.hpp"

#include "engine/event/json_text.hpp"

namespace vigil::storage {
namespace {

struct HistoryEntry {
  const char* field;
  std::optional<std::string> from;
  std::optional<std::string> to;
};

std::optional<std::string> optional_text(const Statement& stmt, int column) {
  if (stmt.column_is_null(column)) return std::nullopt;
  return stmt.column_text(column);
}

Statement& bind_text(Statement& stmt, int index, const std::optional<std::string>& value) {
  return value ? stmt.bind(index, *value) : stmt.bind_null(index);
}

engine::triage::AlertStatus status_column(const Statement& stmt, int column) {
  const auto text = stmt.column_text(column);
  const auto status = engine::triage::parse_alert_status(text);
  if (!status) throw engine::StoreError("alerts: unknown status \"" + text + "\"", engine::StoreErrorKind::kFailed);
  return *status;
}

nlohmann::json text_or_null(const Statement& stmt, int column) {
  const auto text = optional_text(stmt, column);
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

// Records a nullable field's change when the requested value differs.
void compare(const char* field, const std::optional<std::optional<std::string>>& requested,
             std::optional<std::string>& current, std::vector<HistoryEntry>& entries) {
  if (!requested || *requested == current) return;
  entries.push_back({field, current, *requested});
  current = *requested;
}

// Outputs deliver the changes a SOC routes on: status and classification.
void enqueue_delivered_changes(Connection& c, std::int64_t alert_seq, const std::vector<HistoryEntry>& entries,
                               const engine::AlertActor& actor) {
  nlohmann::json changes = nlohmann::json::array();
  const auto value = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  for (const auto& entry : entries)
    if (std::string_view(entry.field) == "status" || std::string_view(entry.field) == "classification")
      changes.push_back({{"field", entry.field}, {"from", value(entry.from)}, {"to", value(entry.to)}});
  if (changes.empty()) return;
  enqueue_alert_triaged(
      c, alert_seq,
      {{"at", engine::format_timestamp(actor.at)}, {"author", actor.name}, {"changes", std::move(changes)}}, actor.at);
}

}  // namespace

std::vector<TriageState> read_triage_states(Connection& c, const SqlWhere& where) {
  Statement stmt(c.handle(), "SELECT seq, status, classification, determination, assignee FROM alerts " + where.sql() +
                                 " ORDER BY seq");
  where.bind(stmt);
  std::vector<TriageState> states;
  while (stmt.step())
    states.push_back({stmt.column_int(0), status_column(stmt, 1), optional_text(stmt, 2), optional_text(stmt, 3),
                      optional_text(stmt, 4)});
  return states;
}

bool apply_triage_change(Connection& c, const TriageState& before, const engine::AlertChange& change,
                         const engine::AlertActor& actor, OutboxWrites outbox) {
  TriageState after = before;
  std::vector<HistoryEntry> entries;
  if (change.status && *change.status != before.status) {
    entries.push_back({"status", std::string(to_string(before.status)), std::string(to_string(*change.status))});
    after.status = *change.status;
  }
  compare("classification", change.classification, after.classification, entries);
  compare("determination", change.determination, after.determination, entries);
  compare("assignee", change.assignee, after.assignee, entries);
  if (change.note) entries.push_back({"note", std::nullopt, *change.note});
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
  if (outbox == OutboxWrites::kOn) enqueue_delivered_changes(c, before.seq, entries, actor);
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
    const nlohmann::json entry = {{"at", engine::format_timestamp(stmt.column_int(0))},
                                  {"author", stmt.column_text(1)},
                                  {"field", stmt.column_text(2)},
                                  {"from", text_or_null(stmt, 3)},
                                  {"to", text_or_null(stmt, 4)}};
    if (!take(engine::json_text(entry))) {
      next = last;
      break;
    }
    last = stmt.column_int(5);
  }
  stmt.reset();
  return next;
}

}  // namespace vigil::storage
