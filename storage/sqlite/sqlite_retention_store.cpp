#include "storage/sqlite/sqlite_retention_store.hpp"

#include <string>

namespace vigil::storage {
namespace {

std::int64_t as_limit(std::uint64_t batch) { return static_cast<std::int64_t>(batch); }

std::int64_t freelist_count(Connection& c) {
  auto& stmt = c.prepare("PRAGMA freelist_count");
  stmt.step();
  const auto pages = stmt.column_int(0);
  stmt.reset();
  return pages;
}

}  // namespace

std::uint64_t SqliteRetentionStore::delete_events_before(engine::TimeMs cutoff, engine::RetentionBasis basis,
                                                         std::uint64_t batch) {
  // By arrival: one range of the events_ingested index (ingested is never
  // NULL). By @timestamp: two ranges, events_ts and events_ingested for
  // events without a timestamp.
  const char* sql = basis == engine::RetentionBasis::kIngested
                        ? "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE ingested < ?1 LIMIT ?2)"
                        : "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE ts < ?1 UNION ALL SELECT seq "
                          "FROM events WHERE ts IS NULL AND ingested < ?1 LIMIT ?2)";
  return db_.write([&](Connection& c) {
    Transaction tx(c);
    c.prepare(sql).bind(1, cutoff).bind(2, as_limit(batch)).run();
    const auto deleted = static_cast<std::uint64_t>(c.changes());
    tx.commit();
    return deleted;
  });
}

std::uint64_t SqliteRetentionStore::delete_alerts_before(engine::TimeMs cutoff, std::uint64_t batch) {
  return db_.write([&](Connection& c) {
    Transaction tx(c);
    // The same oldest-first selection three times in one transaction picks
    // the same alerts: their tags and history, then the alerts.
    constexpr const char* kBatch = "(SELECT seq FROM alerts WHERE created_at < ?1 ORDER BY created_at, seq LIMIT ?2)";
    c.prepare(std::string("DELETE FROM alert_tags WHERE alert_seq IN ") + kBatch)
        .bind(1, cutoff)
        .bind(2, as_limit(batch))
        .run();
    c.prepare(std::string("DELETE FROM alert_history WHERE alert_seq IN ") + kBatch)
        .bind(1, cutoff)
        .bind(2, as_limit(batch))
        .run();
    c.prepare(std::string("DELETE FROM alerts WHERE seq IN ") + kBatch).bind(1, cutoff).bind(2, as_limit(batch)).run();
    const auto deleted = static_cast<std::uint64_t>(c.changes());
    c.prepare(
         "DELETE FROM rule_runs WHERE seq IN (SELECT seq FROM rule_runs WHERE started_at < ?1 ORDER BY started_at "
         "LIMIT ?2)")
        .bind(1, cutoff)
        .bind(2, as_limit(batch))
        .run();
    tx.commit();
    return deleted;
  });
}

std::uint64_t SqliteRetentionStore::reclaim_space(std::uint64_t pages) {
  if (pages == 0) return 0;  // incremental_vacuum(0) would empty the whole free list
  return db_.write([&](Connection& c) {
    const auto before = freelist_count(c);
    c.exec("PRAGMA incremental_vacuum(" + std::to_string(pages) + ")");
    return static_cast<std::uint64_t>(before - freelist_count(c));
  });
}

}  // namespace vigil::storage
