#include "storage/sqlite/migrations.hpp"

#include <string>
#include <vector>

#include "engine/store/event_store.hpp"

namespace vigil::storage {
namespace {

// Append-only: a released migration is never edited, only followed.
const std::vector<const char*> kMigrations = {
    // 1: events, alerts, rule runs and rule state.
    R"sql(
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  idx TEXT NOT NULL,
  id TEXT NOT NULL,
  ts INTEGER,
  ingested INTEGER NOT NULL,
  category TEXT NOT NULL,  -- event.category values, space-delimited with leading/trailing space
  dataset TEXT NOT NULL,
  doc TEXT NOT NULL,
  UNIQUE (idx, id)
);
CREATE INDEX events_ingested ON events (ingested);
CREATE INDEX events_ts ON events (ts);

CREATE TABLE alerts (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  rule_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  original_time INTEGER,
  severity TEXT NOT NULL,
  risk_score INTEGER NOT NULL,
  status TEXT NOT NULL,
  host TEXT NOT NULL,
  user TEXT NOT NULL,
  mitre TEXT NOT NULL,     -- space-delimited technique ids
  doc TEXT NOT NULL
);
CREATE INDEX alerts_rule ON alerts (rule_id, seq);

CREATE TABLE rule_runs (
  seq INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX rule_runs_rule ON rule_runs (rule_id, seq);

CREATE TABLE rule_state (
  rule_id TEXT PRIMARY KEY,
  last_window_end INTEGER NOT NULL
);
)sql",
};

int user_version(Connection& connection) {
  auto& stmt = connection.prepare("PRAGMA user_version");
  stmt.step();
  const int version = static_cast<int>(stmt.column_int(0));
  stmt.reset();
  return version;
}

}  // namespace

int current_schema_version() { return static_cast<int>(kMigrations.size()); }

void migrate(Connection& connection) {
  const int found = user_version(connection);
  if (found > current_schema_version())
    throw engine::StoreError("database schema version " + std::to_string(found) + " is newer than this vigild (" +
                                 std::to_string(current_schema_version()) + "); refusing to open it",
                             false);
  for (int version = found; version < current_schema_version(); ++version) {
    Transaction tx(connection);
    connection.exec(kMigrations[static_cast<std::size_t>(version)]);
    connection.exec("PRAGMA user_version = " + std::to_string(version + 1));
    tx.commit();
  }
}

}  // namespace vigil::storage
