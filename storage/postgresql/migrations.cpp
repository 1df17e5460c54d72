#include "storage/postgresql/migrations.hpp"

#include <string>
#include <vector>

#include "engine/store/store_error.hpp"

namespace vigil::storage::postgresql {
namespace {

// The advisory lock key the migrations hold: "vigil" in ASCII, so it stays
// clear of keys other applications on a shared server pick.
constexpr const char* kMigrationLock = "508574525804";

// Append-only: a released migration is never edited, only followed.
const std::vector<const char*> kMigrations = {
    // 1: events partitioned by arrival day, the global id table, rule
    // matches, the matching epochs, document dictionaries (docs/POSTGRESQL.md).
    R"sql(
CREATE SEQUENCE events_seq;
CREATE TABLE events (
  seq bigint NOT NULL DEFAULT nextval('events_seq'),
  idx text NOT NULL,
  id text NOT NULL,
  version bigint NOT NULL DEFAULT 0,  -- 0: the current version; N: replaced version N
  ts bigint,                          -- @timestamp, ms
  ingested bigint NOT NULL,           -- event.ingested, ms: the partition key
  category text NOT NULL,             -- event.category values, each between spaces
  dataset text NOT NULL,
  doc bytea NOT NULL,                 -- a zstd frame (storage/documents)
  match_epoch bigint                  -- the matching epoch it was written in; NULL: no matcher
) PARTITION BY RANGE (ingested);
CREATE INDEX events_id ON events (idx, id, version);
CREATE INDEX events_ts ON events (ts);
CREATE INDEX events_ingested ON events (ingested);
CREATE INDEX events_seq_index ON events (seq);

-- Who owns each (index, _id) across every partition, and the version and
-- arrival of its current event: the uniqueness a partitioned table cannot
-- hold by itself. Pruned with the partitions.
CREATE TABLE event_ids (
  idx text NOT NULL,
  id text NOT NULL,
  version bigint NOT NULL,
  ingested bigint NOT NULL,
  PRIMARY KEY (idx, id)
);
CREATE INDEX event_ids_ingested ON event_ids (ingested);

CREATE TABLE rule_matches (
  rule_id text NOT NULL,
  time bigint NOT NULL,        -- the rule's window field: events.ts or events.ingested
  event_seq bigint NOT NULL,
  ingested bigint NOT NULL,    -- the event's, so a day's matches drop with its events
  vals bytea,                  -- an aggregation rule's column values
  PRIMARY KEY (rule_id, time, event_seq, ingested)
) PARTITION BY RANGE (ingested);

CREATE TABLE match_epoch (
  id integer PRIMARY KEY CHECK (id = 1),
  epoch bigint NOT NULL
);
INSERT INTO match_epoch (id, epoch) VALUES (1, 0);

CREATE TABLE rule_match_state (
  rule_id text PRIMARY KEY,
  fingerprint text NOT NULL,
  from_epoch bigint NOT NULL,
  older_max_ts bigint,
  older_max_ingested bigint
);

CREATE TABLE doc_dictionaries (
  id bigint PRIMARY KEY,
  created_at bigint NOT NULL,
  samples bigint NOT NULL,
  dict bytea NOT NULL
);
)sql",
    // 2: rule runs and each rule's last completed window (run_history).
    R"sql(
CREATE TABLE rule_runs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id text NOT NULL,
  started_at bigint NOT NULL,  -- ms
  status text NOT NULL,
  doc text NOT NULL            -- storage/documents/run_document
);
CREATE INDEX rule_runs_rule ON rule_runs (rule_id, seq);
CREATE INDEX rule_runs_started ON rule_runs (started_at);

CREATE TABLE rule_state (
  rule_id text PRIMARY KEY,
  last_window_end bigint NOT NULL  -- ms
);
)sql",
    // 3: alerts with their triage columns, MITRE tags and history, and alert delivery:
    // the outbox, each output's position and its dead letters
    // (postgres_alert_store.hpp, postgres_outbox.hpp).
    R"sql(
CREATE TABLE alerts (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  rule_id text NOT NULL,
  created_at bigint NOT NULL,  -- ms
  original_time bigint,        -- ms
  severity text NOT NULL,
  risk_score bigint NOT NULL,
  status text NOT NULL,
  classification text,
  determination text,
  assignee text,
  triage_updated_at bigint,    -- ms
  host text NOT NULL,
  "user" text NOT NULL,
  mitre text NOT NULL,         -- technique ids, each between spaces
  tactics text NOT NULL,       -- tactic ids, each between spaces
  search text NOT NULL,        -- reason, host, user, command line, case-folded, one per line
  doc text NOT NULL
);
CREATE INDEX alerts_rule ON alerts (rule_id, created_at, seq);
CREATE INDEX alerts_status ON alerts (status, created_at, seq);
CREATE INDEX alerts_created ON alerts (created_at, seq);
CREATE INDEX alerts_original_time ON alerts (original_time, seq);
CREATE INDEX alerts_risk_score ON alerts (risk_score, seq);

-- Each technique id, the parent of each sub-technique and each tactic id an
-- alert is tagged with, with its creation time, so that a technique's
-- newest alerts are an index walk. Deleted with their alert.
CREATE TABLE alert_tags (
  tag text NOT NULL,
  alert_seq bigint NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
  at bigint NOT NULL,          -- alerts.created_at
  PRIMARY KEY (tag, alert_seq)
);
CREATE INDEX alert_tags_time ON alert_tags (tag, at, alert_seq);
CREATE INDEX alert_tags_alert ON alert_tags (alert_seq);

CREATE TABLE alert_history (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_seq bigint NOT NULL,
  at bigint NOT NULL,          -- ms
  author text NOT NULL,
  field text NOT NULL,
  from_value text,
  to_value text
);
CREATE INDEX alert_history_alert ON alert_history (alert_seq, seq);

-- Entries are written under a transaction lock (outbox_writes.hpp), so they
-- commit in seq order and no output's cursor passes one still to commit.
CREATE TABLE outbox (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,          -- created | triaged
  alert_seq bigint NOT NULL,
  at bigint NOT NULL,          -- ms
  change text                  -- triaged: {"at","author","changes":[{"field","from","to"}]}
);
CREATE TABLE output_state (
  output text PRIMARY KEY,
  cursor bigint NOT NULL,      -- outbox.seq of the last entry done (delivered, skipped or dead-lettered)
  attempts bigint NOT NULL DEFAULT 0,  -- failures of the entry after cursor
  next_attempt_at bigint,
  first_failure_at bigint
);
CREATE TABLE output_dead_letters (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  output text NOT NULL,
  outbox_seq bigint NOT NULL,
  kind text NOT NULL,
  alert_id text NOT NULL,
  attempts bigint NOT NULL,
  error text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX output_dead_letters_output ON output_dead_letters (output, seq);
)sql",
};

}  // namespace

int current_schema_version() { return static_cast<int>(kMigrations.size()); }

int schema_version(Connection& c) {
  const auto exists = c.query("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists.boolean(0, 0)) return 0;
  const auto version = c.query("SELECT coalesce(max(version), 0)::int8 FROM schema_migrations");
  return static_cast<int>(version.int8(0, 0));
}

void migrate(Connection& c) {
  c.exec(std::string("SELECT pg_advisory_lock(") + kMigrationLock + ")");
  struct Unlock {
    Connection& c;
    ~Unlock() {
      try {
        if (!c.broken()) c.exec(std::string("SELECT pg_advisory_unlock(") + kMigrationLock + ")");
      } catch (const engine::StoreError&) {
        // The session's end releases it.
      }
    }
  } unlock{c};
  c.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL "
      "DEFAULT now())");
  const int found = schema_version(c);
  if (found > current_schema_version())
    throw engine::StoreError(c.describe() + ": the schema is at version " + std::to_string(found) +
                                 ", newer than this vigild knows (" + std::to_string(current_schema_version()) +
                                 "): run a newer vigild",
                             engine::StoreErrorKind::kFailed);
  for (int v = found + 1; v <= current_schema_version(); ++v) {
    Transaction tx(c);
    try {
      c.exec(kMigrations[static_cast<std::size_t>(v - 1)]);
    } catch (const engine::StoreError& e) {
      throw engine::StoreError("migration " + std::to_string(v) + ": " + e.what(), e.kind());
    }
    c.query("INSERT INTO schema_migrations (version) VALUES ($1::int8::int4)", Params().add(std::int64_t{v}));
    tx.commit();
  }
}

}  // namespace vigil::storage::postgresql
