#include "storage/postgresql/alert_triage.hpp"

namespace vigil::storage::postgresql {
namespace {

std::optional<std::string> optional_text(const Result& rows, int row, int column) {
  if (rows.is_null(row, column)) return std::nullopt;
  return std::string(rows.bytes(row, column));
}

void push(ArrayParam& array, const std::optional<std::string>& value) {
  if (value)
    array.push(*value);
  else
    array.push_null();
}

}  // namespace

std::vector<TriageState> lock_triage_states(Connection& c, const SqlWhere& where) {
  Params params;
  add_values(params, where);
  const auto rows = c.query("SELECT seq, status, classification, determination, assignee FROM alerts " + where.sql() +
                                " ORDER BY seq FOR UPDATE",
                            params);
  std::vector<TriageState> states;
  states.reserve(static_cast<std::size_t>(rows.rows()));
  for (int r = 0; r < rows.rows(); ++r)
    states.push_back({rows.int8(r, 0), stored_alert_status(std::string(rows.bytes(r, 1))), optional_text(rows, r, 2),
                      optional_text(rows, r, 3), optional_text(rows, r, 4)});
  return states;
}

std::uint64_t apply_triage_change(Connection& c, const std::vector<TriageState>& states,
                                  const engine::AlertChange& change, const engine::AlertActor& actor,
                                  OutboxWrites outbox) {
  ArrayParam seq(PgType::kInt8), status(PgType::kText), classification(PgType::kText), determination(PgType::kText),
      assignee(PgType::kText);
  ArrayParam entry_seq(PgType::kInt8), field(PgType::kText), from(PgType::kText), to(PgType::kText);
  std::vector<TriagedEntry> delivered;
  std::uint64_t changed = 0;
  for (const auto& before : states) {
    const auto [after, entries] = judge_triage_change(before, change);
    if (entries.empty()) continue;
    ++changed;
    seq.push(after.seq), status.push(to_string(after.status));
    push(classification, after.classification), push(determination, after.determination),
        push(assignee, after.assignee);
    for (const auto& entry : entries) {
      entry_seq.push(before.seq), field.push(entry.field);
      push(from, entry.from), push(to, entry.to);
    }
    if (outbox == OutboxWrites::kOn)
      if (auto delivery = delivered_triage_change(entries, actor); !delivery.is_null())
        delivered.push_back({before.seq, std::move(delivery)});
  }
  if (changed == 0) return 0;
  c.query(
      "UPDATE alerts AS a SET status = u.status, classification = u.classification, determination = "
      "u.determination, assignee = u.assignee, triage_updated_at = $6 FROM unnest($1::int8[], $2::text[], "
      "$3::text[], $4::text[], $5::text[]) AS u(seq, status, classification, determination, assignee) WHERE a.seq = "
      "u.seq",
      Params().add(seq).add(status).add(classification).add(determination).add(assignee).add(actor.at));
  c.query(
      "INSERT INTO alert_history (alert_seq, at, author, field, from_value, to_value) SELECT s, $5, $6, f, fr, t FROM "
      "unnest($1::int8[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(s, f, fr, t, ord) ORDER BY ord",
      Params().add(entry_seq).add(field).add(from).add(to).add(actor.at).add_text(actor.name));
  enqueue_alerts_triaged(c, delivered, actor.at);
  return changed;
}

std::optional<std::int64_t> read_triage_history(Connection& c, std::int64_t alert_seq, std::int64_t after,
                                                const engine::PageSink& take) {
  const auto rows = c.query(
      "SELECT at, author, field, from_value, to_value, seq FROM alert_history WHERE alert_seq = $1 AND seq > $2 "
      "ORDER BY seq",
      Params().add(alert_seq).add(after));
  std::optional<std::int64_t> last;
  for (int r = 0; r < rows.rows(); ++r) {
    if (!take(history_entry_text(rows.int8(r, 0), rows.bytes(r, 1), rows.bytes(r, 2), optional_text(rows, r, 3),
                                 optional_text(rows, r, 4))))
      return last;
    last = rows.int8(r, 5);
  }
  return std::nullopt;
}

}  // namespace vigil::storage::postgresql
