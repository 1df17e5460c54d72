#include "storage/sqlite/sqlite_alert_store.hpp"

#include <sqlite3.h>

#include "engine/event/json_parse.hpp"
#include "engine/event/json_text.hpp"
#include "engine/store/store_error.hpp"
#include "storage/documents/alert_index_data.hpp"
#include "storage/documents/alert_page_fill.hpp"
#include "storage/documents/alert_replacement.hpp"
#include "storage/sqlite/alert_counts.hpp"
#include "storage/sqlite/alert_document.hpp"
#include "storage/sqlite/alert_filter_sql.hpp"
#include "storage/sqlite/alert_triage.hpp"

namespace vigil::storage {
namespace {

nlohmann::json alert_document(const Statement& row) { return engine::parse_json(alert_text(row)); }

std::optional<nlohmann::json> read_alert(Connection& c, std::string_view key_column,
                                         const std::variant<std::int64_t, std::string>& key) {
  Statement stmt(c.handle(), "SELECT " + std::string(kAlertDocumentColumns) + " FROM alerts WHERE " +
                                 std::string(key_column) + " = ?1");
  std::visit([&](const auto& v) { stmt.bind(1, v); }, key);
  if (!stmt.step()) return std::nullopt;
  return alert_document(stmt);
}

std::optional<std::int64_t> alert_seq(Connection& c, const std::string& id) {
  auto& stmt = c.prepare("SELECT seq FROM alerts WHERE id = ?1");
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  const auto seq = stmt.column_int(0);
  stmt.reset();
  return seq;
}

// A read transaction on a reader connection, so that several statements see
// one snapshot of the database.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& c) : c_(c) { c_.exec("BEGIN"); }
  // Ending a read transaction cannot lose data; a failure is not worth a throw from a destructor.
  ~ReadSnapshot() { sqlite3_exec(c_.handle(), "COMMIT", nullptr, nullptr, nullptr); }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Connection& c_;
};

// Replaces a stored alert's figures, evidence, tags and search text, keeping
// its first created_at and leaving its triage columns and history alone.
// Returns false when the alert is absent or its figures are unchanged, so
// re-evaluating a quiet bin counts as a duplicate.
bool replace_alert(Connection& c, const engine::Alert& a) {
  auto& select = c.prepare("SELECT seq, doc FROM alerts WHERE id = ?1");
  select.bind(1, a.id);
  if (!select.step()) return false;
  const auto seq = select.column_int(0);
  const auto stored = nlohmann::json::parse(select.column_text(1));
  select.reset();
  const auto replaced = replacement_document(stored, a);
  if (!replaced) return false;
  const auto& doc = *replaced;
  c.prepare(
       "UPDATE alerts SET original_time = ?2, severity = ?3, risk_score = ?4, host = ?5, user = ?6, mitre = ?7, "
       "tactics = ?8, search = ?9, doc = ?10 WHERE seq = ?1")
      .bind(1, seq)
      .bind(2, a.original_time)
      .bind(3, a.severity)
      .bind(4, std::int64_t{a.risk_score})
      .bind(5, a.host_name)
      .bind(6, a.user_name)
      .bind(7, space_delimited(a.mitre))
      .bind(8, space_delimited(a.tactics))
      .bind(9, alert_search_text(doc))
      .bind(10, doc.dump())
      .run();
  write_alert_tags(c, seq, a);
  return true;
}

// Inserts a new alert with its tags (and its outbox entry when asked);
// returns false when its id is stored.
bool insert_alert(Connection& c, const engine::Alert& a, OutboxWrites outbox) {
  auto& insert = c.prepare(
      "INSERT INTO alerts (id, rule_id, created_at, original_time, severity, risk_score, status, host, user, mitre, "
      "tactics, search, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (id) DO "
      "NOTHING RETURNING seq");
  insert.bind(1, a.id)
      .bind(2, a.rule_id)
      .bind(3, a.created_at)
      .bind(4, a.original_time)
      .bind(5, a.severity)
      .bind(6, std::int64_t{a.risk_score})
      .bind(7, to_string(a.status))
      .bind(8, a.host_name)
      .bind(9, a.user_name)
      .bind(10, space_delimited(a.mitre))
      .bind(11, space_delimited(a.tactics))
      .bind(12, alert_search_text(a.document))
      .bind(13, a.document.dump());
  if (!insert.step()) return false;
  const auto seq = insert.column_int(0);
  insert.reset();
  write_alert_tags(c, seq, a);
  if (outbox == OutboxWrites::kOn) enqueue_alert_created(c, seq, a.created_at);
  return true;
}

}  // namespace

engine::AlertPage SqliteAlertStore::list(const engine::AlertQuery& query, const engine::PageSink& take) {
  return db_.read([&](Connection& c) {
    ReadSnapshot snapshot(c);
    engine::AlertPage page;
    const auto plan = plan_alert_list(kSqliteAlertSql, query, kAlertDocumentColumns);
    Statement counter(c.handle(), plan.count_sql);
    bind(plan.counted.where, counter);
    counter.step();
    set_total(page, query, static_cast<std::uint64_t>(counter.column_int(0)));
    Statement rows(c.handle(), plan.page_sql);
    rows.bind(bind(plan.page_where, rows), static_cast<std::int64_t>(query.limit) + 1);
    AlertPageFill fill(page, query.limit, take);
    while (rows.step())
      if (!fill.offer([&] { return alert_text(rows); }, {rows.column_optional_int(6), rows.column_int(7)})) break;
    rows.reset();
    return page;
  });
}

std::optional<nlohmann::json> SqliteAlertStore::get(const std::string& id) {
  return db_.read([&](Connection& c) { return read_alert(c, "id", id); });
}

engine::AlertSummary SqliteAlertStore::summarize(const engine::AlertFilter& filter) {
  return db_.read([&](Connection& c) {
    ReadSnapshot snapshot(c);
    return summarize_alerts(c, filter);
  });
}

std::optional<nlohmann::json> SqliteAlertStore::update(const std::string& id, const engine::AlertChange& change,
                                                       const engine::AlertActor& actor) {
  return db_.write([&](Connection& c) -> std::optional<nlohmann::json> {
    Transaction tx(c);
    SqlWhere where(kSqliteAlertSql);
    where.add("id = ?", {id});
    const auto states = read_triage_states(c, where);
    if (states.empty()) return std::nullopt;
    apply_triage_change(c, states.front(), change, actor, outbox_);
    auto doc = read_alert(c, "seq", states.front().seq);
    tx.commit();
    return doc;
  });
}

std::uint64_t SqliteAlertStore::update_many(const std::optional<std::vector<std::string>>& ids,
                                            const engine::AlertFilter& filter, const engine::AlertChange& change,
                                            const engine::AlertActor& actor) {
  return db_.write([&](Connection& c) {
    Transaction tx(c);
    std::uint64_t changed = 0;
    for (const auto& state : read_triage_states(c, ids_and_filter(kSqliteAlertSql, ids, filter)))
      if (apply_triage_change(c, state, change, actor, outbox_)) ++changed;
    tx.commit();
    return changed;
  });
}

std::optional<engine::AlertHistoryPage> SqliteAlertStore::history(const std::string& id, std::int64_t after,
                                                                  const engine::PageSink& take) {
  return db_.read([&](Connection& c) -> std::optional<engine::AlertHistoryPage> {
    ReadSnapshot snapshot(c);
    const auto seq = alert_seq(c, id);
    if (!seq) return std::nullopt;
    return engine::AlertHistoryPage{read_triage_history(c, *seq, after, take)};
  });
}

std::vector<nlohmann::json> SqliteAlertStore::alerts_between(const std::string& rule_id, engine::TimeMs from,
                                                             engine::TimeMs to) {
  return db_.read([&](Connection& c) {
    std::vector<nlohmann::json> docs;
    // The alerts_original_time index; a rule's alerts in a day are few.
    auto& stmt = c.prepare(
        "SELECT doc FROM alerts WHERE original_time BETWEEN ?2 AND ?3 AND rule_id = ?1 ORDER BY original_time, seq");
    stmt.bind(1, rule_id).bind(2, from).bind(3, to);
    while (stmt.step()) docs.push_back(nlohmann::json::parse(stmt.column_text(0)));
    return docs;
  });
}

std::vector<std::string> SqliteAlertStore::existing_alert_ids(std::span<const std::string> ids) {
  if (ids.empty()) return {};
  // One statement for any number of ids: they travel as one JSON array.
  const auto wanted = nlohmann::json(std::vector<std::string>(ids.begin(), ids.end())).dump();
  return db_.read([&](Connection& c) {
    std::vector<std::string> found;
    auto& stmt = c.prepare("SELECT id FROM alerts WHERE id IN (SELECT value FROM json_each(?1))");
    stmt.bind(1, wanted);
    while (stmt.step()) found.push_back(stmt.column_text(0));
    stmt.reset();
    return found;
  });
}

engine::CommitCounts SqliteAlertStore::write(Connection& c, std::span<const engine::Alert> alerts) {
  engine::CommitCounts counts;
  for (const auto& a : alerts) {
    if (insert_alert(c, a, outbox_)) {
      ++counts.created;
    } else if (a.replace_existing && replace_alert(c, a)) {
      ++counts.updated;
    } else {
      ++counts.duplicates;
    }
  }
  return counts;
}

}  // namespace vigil::storage
