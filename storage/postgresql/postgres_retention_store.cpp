#include "storage/postgresql/postgres_retention_store.hpp"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "storage/postgresql/day_partitions.hpp"
#include "storage/postgresql/hunt_layout.hpp"

namespace vigil::storage::postgresql {
namespace {

// The day a partition of `table` holds, from its name (DayPartitions::name).
std::optional<std::int64_t> day_of_partition(const std::string& table, std::string_view name) {
  int y = 0;
  unsigned m = 0, d = 0;
  const auto prefix = table + "_p";
  if (!name.starts_with(prefix) || name.size() != prefix.size() + 8) return std::nullopt;
  if (std::sscanf(std::string(name.substr(prefix.size())).c_str(), "%4d%2u%2u", &y, &m, &d) != 3) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date}.time_since_epoch().count();
}

// The names of hunting's column copies (hunt_layout).
std::vector<std::string> copy_tables(Connection& c) {
  std::vector<std::string> names;
  for (const auto& t : hunt_tables(c)) names.push_back(t.name);
  return names;
}

// Deletes up to `batch` events matching `condition` ($1: the cutoff), with
// their rule matches, their rows of hunting's column copy and, for current
// versions, their ids' claims.
std::uint64_t delete_rows(Connection& c, const std::string& condition, engine::TimeMs cutoff, std::uint64_t batch) {
  std::string copies;
  for (const auto& table : copy_tables(c))
    copies += table + "_gone AS (DELETE FROM " + table +
              " h USING gone WHERE h.ingested = gone.ingested AND h.ts = gone.ts AND h.seq = gone.seq), ";
  Transaction tx(c);
  const auto deleted = c.query(
      "WITH gone AS (DELETE FROM events WHERE " + condition + " AND seq IN (SELECT seq FROM events WHERE " + condition +
          " LIMIT $2) RETURNING seq, idx, id, version, ingested, ts), " + copies +
          "matches AS (DELETE FROM rule_matches m USING gone WHERE m.ingested = gone.ingested AND m.event_seq = "
          "gone.seq), "
          "ids AS (DELETE FROM event_ids o USING gone WHERE gone.version = 0 AND o.idx = gone.idx AND o.id = gone.id) "
          "SELECT count(*) FROM gone",
      Params().add(cutoff).add(static_cast<std::int64_t>(batch)));
  tx.commit();
  return static_cast<std::uint64_t>(deleted.int8(0, 0));
}

}  // namespace

std::uint64_t PostgresRetentionStore::drop_days_before(engine::TimeMs cutoff, bool only_empty) {
  return pool_.with([&](Connection& c) {
    const auto partitions = c.query(
        "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'events'::regclass ORDER BY 1");
    // A day's copies go with its events (a copy table has no partition for
    // a day that brought none of its dataset: IF EXISTS).
    auto tables = DayPartitions::tables();
    for (auto& copy : copy_tables(c)) tables.push_back(std::move(copy));
    std::uint64_t dropped = 0;
    for (int r = 0; r < partitions.rows(); ++r) {
      const auto day = day_of_partition("events", partitions.bytes(r, 0));
      if (!day || (*day + 1) * DayPartitions::kDayMs > cutoff) continue;
      const auto count = [&] {
        return c.query("SELECT count(*) FROM " + DayPartitions::name("events", *day)).int8(0, 0);
      };
      if (only_empty && count() > 0) continue;
      // The day's other partitions go first, each in a transaction of its
      // own: dropping one locks its parent exclusively until the commit, and
      // a rule run's scan locks rule_matches before events while a batch
      // locks events before rule_matches, so holding one parent while
      // asking for the next deadlocked with one or the other. They hold
      // only rows of the day's events; if vigild stops before those go, the
      // next pass finds the day again by its events' partition.
      for (const auto& table : tables) {
        if (table == "events") continue;
        Transaction tx(c);
        c.exec("DROP TABLE IF EXISTS " + DayPartitions::name(table, *day));
        tx.commit();
      }
      Transaction tx(c);
      const auto events = count();
      if (only_empty && events > 0) continue;  // the transaction rolls back
      // The ids whose current event arrived that day: the day's own claims.
      c.query("DELETE FROM event_ids WHERE ingested >= $1 AND ingested < $2",
              Params().add(*day * DayPartitions::kDayMs).add((*day + 1) * DayPartitions::kDayMs));
      c.exec("DROP TABLE IF EXISTS " + DayPartitions::name("events", *day));
      tx.commit();
      dropped += static_cast<std::uint64_t>(events);
    }
    return dropped;
  });
}

std::uint64_t PostgresRetentionStore::delete_events_before(engine::TimeMs cutoff, engine::RetentionBasis basis,
                                                           std::uint64_t batch) {
  if (basis == engine::RetentionBasis::kIngested) {
    const auto dropped = drop_days_before(cutoff, false);
    // The day the cutoff falls in, row by row.
    return dropped + pool_.with([&](Connection& c) { return delete_rows(c, "ingested < $1", cutoff, batch); });
  }
  const auto deleted = pool_.with(
      [&](Connection& c) { return delete_rows(c, "(ts < $1 OR (ts IS NULL AND ingested < $1))", cutoff, batch); });
  // Days emptied by @timestamp are dropped too, not left as empty tables.
  if (deleted < batch) drop_days_before(cutoff, true);
  return deleted;
}

std::uint64_t PostgresRetentionStore::delete_alerts_before(engine::TimeMs cutoff, std::uint64_t batch) {
  return pool_.with([&](Connection& c) {
    Transaction tx(c);
    const auto deleted = c.query(
        "WITH doomed AS (SELECT seq FROM alerts WHERE created_at < $1 ORDER BY created_at, seq LIMIT $2), "
        "history AS (DELETE FROM alert_history h USING doomed WHERE h.alert_seq = doomed.seq), "
        "gone AS (DELETE FROM alerts a USING doomed WHERE a.seq = doomed.seq RETURNING 1) "
        "SELECT count(*) FROM gone",
        Params().add(cutoff).add(static_cast<std::int64_t>(batch)));
    c.query(
        "DELETE FROM rule_runs WHERE seq IN (SELECT seq FROM rule_runs WHERE started_at < $1 ORDER BY started_at "
        "LIMIT $2)",
        Params().add(cutoff).add(static_cast<std::int64_t>(batch)));
    tx.commit();
    return static_cast<std::uint64_t>(deleted.int8(0, 0));
  });
}

std::uint64_t PostgresRetentionStore::reclaim_space(std::uint64_t /*pages*/) { return 0; }

}  // namespace vigil::storage::postgresql
