#include "storage/sqlite/sqlite_run_store.hpp"

#include "storage/documents/run_document.hpp"

namespace vigil::storage {

engine::CommitCounts SqliteRunStore::commit_run(engine::RunRecord run, std::span<const engine::Alert> alerts,
                                                engine::ScheduleUpdate update) {
  return db_.write([&](Connection& c) {
    Transaction tx(c);
    const auto counts = alerts_.write(c, alerts);
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
