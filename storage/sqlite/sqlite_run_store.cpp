#include "storage/sqlite/sqlite_run_store.hpp"

#include "storage/sqlite/alert_index_data.hpp"
#include "storage/sqlite/run_document.hpp"

namespace vigil::storage {
namespace {

// Keys a re-evaluation never changes on its own: when the stored alert was
// created, when it was last updated, and the analyst's status.
nlohmann::json figures(nlohmann::json doc) {
  for (const char* key : {"created_at", "updated_at", "status"}) doc.erase(key);
  return doc;
}

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
  if (figures(stored) == figures(a.document)) return false;

  auto doc = a.document;
  doc["created_at"] = stored.value("created_at", doc.value("created_at", ""));
  doc["updated_at"] = engine::format_timestamp(a.created_at);
  doc["status"] = stored.value("status", doc.value("status", ""));
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

engine::CommitCounts SqliteRunStore::commit_run(engine::RunRecord run, std::span<const engine::Alert> alerts,
                                                engine::ScheduleUpdate update) {
  return db_.write([&](Connection& c) {
    engine::CommitCounts counts;
    Transaction tx(c);
    for (const auto& a : alerts) {
      if (insert_alert(c, a, outbox_)) {
        ++counts.created;
      } else if (a.replace_existing && replace_alert(c, a)) {
        ++counts.updated;
      } else {
        ++counts.duplicates;
      }
    }
    run.alerts_created = counts.created;
    run.duplicates_skipped += counts.duplicates;
    if (counts.updated > 0) run.warnings.push_back(engine::alerts_updated_warning(counts.updated));
    c.prepare("INSERT INTO rule_runs (rule_id, started_at, status, doc) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, run.rule_id)
        .bind(2, run.started_at)
        .bind(3, to_string(run.status))
        .bind(4, encode_run(run))
        .run();
    if (run.status != engine::RunStatus::kFailed && update == engine::ScheduleUpdate::kAdvance) {
      c.prepare(
           "INSERT INTO rule_state (rule_id, last_window_end) VALUES (?1, ?2) ON CONFLICT (rule_id) DO UPDATE SET "
           "last_window_end = max(last_window_end, excluded.last_window_end)")
          .bind(1, run.rule_id)
          .bind(2, run.window_end)
          .run();
    }
    tx.commit();
    return counts;
  });
}

std::optional<engine::TimeMs> SqliteRunStore::last_window_end(const std::string& rule_id) {
  return db_.read([&](Connection& c) -> std::optional<engine::TimeMs> {
    auto& stmt = c.prepare("SELECT last_window_end FROM rule_state WHERE rule_id = ?1");
    stmt.bind(1, rule_id);
    if (!stmt.step()) return std::nullopt;
    const auto end = stmt.column_int(0);
    stmt.reset();
    return end;
  });
}

std::vector<nlohmann::json> SqliteRunStore::alerts_between(const std::string& rule_id, engine::TimeMs from,
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

bool SqliteRunStore::alert_exists(const std::string& alert_id) {
  return db_.read([&](Connection& c) {
    auto& stmt = c.prepare("SELECT 1 FROM alerts WHERE id = ?1");
    stmt.bind(1, alert_id);
    const bool found = stmt.step();
    stmt.reset();
    return found;
  });
}

std::vector<engine::RunRecord> SqliteRunStore::recent_runs(const std::string& rule_id, std::size_t limit) {
  return db_.read([&](Connection& c) {
    std::vector<engine::RunRecord> runs;
    auto& stmt = c.prepare("SELECT doc FROM rule_runs WHERE rule_id = ?1 ORDER BY seq DESC LIMIT ?2");
    stmt.bind(1, rule_id).bind(2, static_cast<std::int64_t>(limit));
    while (stmt.step()) runs.push_back(decode_run(stmt.column_bytes(0)));
    return runs;
  });
}

}  // namespace vigil::storage
