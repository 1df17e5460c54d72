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
    // 4: hunting's column copy and inputs' dead letters. The copy
    // (storage/documents/hunt_copy.hpp, storage/postgresql/hunt_copy_writes)
    // holds, for each Defender table hunting reads often, the documented
    // scalar columns of each current event, written in the event's
    // transaction and partitioned by its arrival day as `events` is, so
    // retention drops a day's copy with its events (DayPartitions makes a
    // table's day with the first batch of its dataset that day). Strings are bytea,
    // as PostgreSQL text cannot hold the NUL a JSON string can; integers,
    // booleans (0/1), datetimes (ms) and timespans bigint; reals double
    // precision. The backend stored no event before this migration in any
    // release, so every event has its copy (no since_seq). hunt_fields
    // records the top-level fields of those datasets' documents (name as
    // bytea for the same reason, also ordering by bytes as SQLite does).
    // input_dead_letters: messages an input could not turn into events
    // (engine/ingest/dead_letters.hpp), kept once per delivery; the error
    // is bytea since it may quote the message's bytes.
    R"sql(
CREATE TABLE hunt_tables (
  dataset text PRIMARY KEY,
  name text NOT NULL  -- the partitioned table holding the copy
);
CREATE TABLE hunt_fields (
  dataset text NOT NULL,
  name bytea NOT NULL,
  json_type text NOT NULL,
  PRIMARY KEY (dataset, name)
);
CREATE TABLE hunt_emailevents (ingested bigint NOT NULL, ts bigint NOT NULL, seq bigint NOT NULL,
  "Timestamp" bigint, "NetworkMessageId" bytea, "InternetMessageId" bytea, "SenderMailFromAddress" bytea,
  "SenderFromAddress" bytea, "SenderDisplayName" bytea, "SenderObjectId" bytea, "SenderMailFromDomain" bytea,
  "SenderFromDomain" bytea, "SenderIPv4" bytea, "SenderIPv6" bytea, "RecipientEmailAddress" bytea,
  "RecipientObjectId" bytea, "Subject" bytea, "EmailClusterId" bigint, "EmailDirection" bytea,
  "DeliveryAction" bytea, "DeliveryLocation" bytea, "ThreatTypes" bytea, "ThreatNames" bytea,
  "DetectionMethods" bytea, "ConfidenceLevel" bytea, "BulkComplaintLevel" bigint, "EmailAction" bytea,
  "EmailActionPolicy" bytea, "EmailActionPolicyGuid" bytea, "AuthenticationDetails" bytea,
  "AttachmentCount" bigint, "UrlCount" bigint, "EmailLanguage" bytea, "Connectors" bytea,
  "OrgLevelAction" bytea, "OrgLevelPolicy" bytea, "UserLevelAction" bytea, "UserLevelPolicy" bytea,
  "ReportId" bytea
) PARTITION BY RANGE (ingested);
CREATE TABLE hunt_cloudappevents (ingested bigint NOT NULL, ts bigint NOT NULL, seq bigint NOT NULL,
  "Timestamp" bigint, "ActionType" bytea, "Application" bytea, "ApplicationId" bigint, "AppInstanceId" bigint,
  "AccountObjectId" bytea, "AccountId" bytea, "AccountDisplayName" bytea, "IsAdminOperation" bigint,
  "DeviceType" bytea, "OSPlatform" bytea, "IPAddress" bytea, "IsAnonymousProxy" bigint, "CountryCode" bytea,
  "City" bytea, "Isp" bytea, "UserAgent" bytea, "ActivityType" bytea, "ObjectName" bytea, "ObjectType" bytea,
  "ObjectId" bytea, "ReportId" bytea, "AccountType" bytea, "IsExternalUser" bigint, "IsImpersonated" bigint,
  "IPCategory" bytea, "AuditSource" bytea, "OAuthAppId" bytea
) PARTITION BY RANGE (ingested);
CREATE TABLE hunt_identitylogonevents (ingested bigint NOT NULL, ts bigint NOT NULL, seq bigint NOT NULL,
  "Timestamp" bigint, "ActionType" bytea, "Application" bytea, "LogonType" bytea, "Protocol" bytea,
  "FailureReason" bytea, "AccountName" bytea, "AccountDomain" bytea, "AccountUpn" bytea, "AccountSid" bytea,
  "AccountObjectId" bytea, "AccountDisplayName" bytea, "DeviceName" bytea, "DeviceType" bytea,
  "OSPlatform" bytea, "IPAddress" bytea, "Port" bigint, "DestinationDeviceName" bytea,
  "DestinationIPAddress" bytea, "DestinationPort" bigint, "TargetDeviceName" bytea,
  "TargetAccountDisplayName" bytea, "Location" bytea, "Isp" bytea, "ReportId" bytea
) PARTITION BY RANGE (ingested);
CREATE TABLE hunt_emailurlinfo (ingested bigint NOT NULL, ts bigint NOT NULL, seq bigint NOT NULL,
  "Timestamp" bigint, "NetworkMessageId" bytea, "Url" bytea, "UrlDomain" bytea, "UrlLocation" bytea,
  "ReportId" bytea
) PARTITION BY RANGE (ingested);
CREATE TABLE hunt_emailattachmentinfo (ingested bigint NOT NULL, ts bigint NOT NULL, seq bigint NOT NULL,
  "Timestamp" bigint, "NetworkMessageId" bytea, "SenderFromAddress" bytea, "SenderDisplayName" bytea,
  "SenderObjectId" bytea, "RecipientEmailAddress" bytea, "RecipientObjectId" bytea, "FileName" bytea,
  "FileType" bytea, "SHA256" bytea, "FileSize" bigint, "ThreatTypes" bytea, "ThreatNames" bytea,
  "DetectionMethods" bytea, "ReportId" bytea
) PARTITION BY RANGE (ingested);
CREATE TABLE hunt_emailpostdeliveryevents (ingested bigint NOT NULL, ts bigint NOT NULL, seq bigint NOT NULL,
  "Timestamp" bigint, "Action" bytea, "ActionResult" bytea, "ActionTrigger" bytea, "ActionType" bytea,
  "DeliveryLocation" bytea, "InternetMessageId" bytea, "NetworkMessageId" bytea,
  "RecipientEmailAddress" bytea, "ReportId" bytea, "ThreatTypes" bytea, "DetectionMethods" bytea
) PARTITION BY RANGE (ingested);
-- Scans read a day's rows in time order; point queries find a message.
CREATE INDEX hunt_emailevents_ts ON hunt_emailevents (ts, seq);
CREATE INDEX hunt_emailevents_message ON hunt_emailevents ("NetworkMessageId");
CREATE INDEX hunt_cloudappevents_ts ON hunt_cloudappevents (ts, seq);
CREATE INDEX hunt_identitylogonevents_ts ON hunt_identitylogonevents (ts, seq);
CREATE INDEX hunt_emailurlinfo_ts ON hunt_emailurlinfo (ts, seq);
CREATE INDEX hunt_emailurlinfo_message ON hunt_emailurlinfo ("NetworkMessageId");
CREATE INDEX hunt_emailattachmentinfo_ts ON hunt_emailattachmentinfo (ts, seq);
CREATE INDEX hunt_emailattachmentinfo_message ON hunt_emailattachmentinfo ("NetworkMessageId");
CREATE INDEX hunt_emailpostdeliveryevents_ts ON hunt_emailpostdeliveryevents (ts, seq);
CREATE INDEX hunt_emailpostdeliveryevents_message ON hunt_emailpostdeliveryevents ("NetworkMessageId");
INSERT INTO hunt_tables (dataset, name) VALUES ('m365_defender.EmailEvents', 'hunt_emailevents'), ('m365_defender.CloudAppEvents', 'hunt_cloudappevents'), ('m365_defender.IdentityLogonEvents', 'hunt_identitylogonevents'),
  ('m365_defender.EmailUrlInfo', 'hunt_emailurlinfo'), ('m365_defender.EmailAttachmentInfo', 'hunt_emailattachmentinfo'), ('m365_defender.EmailPostDeliveryEvents', 'hunt_emailpostdeliveryevents');

CREATE TABLE input_dead_letters (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  input text NOT NULL,
  epoch bigint NOT NULL,
  topic text NOT NULL,
  partition bigint NOT NULL,
  msg_offset bigint NOT NULL,
  error bytea NOT NULL,
  payload bytea NOT NULL,      -- the message's first 64 KiB
  payload_bytes bigint NOT NULL,
  at bigint NOT NULL,          -- ms
  UNIQUE (input, epoch, topic, partition, msg_offset)
);
CREATE INDEX input_dead_letters_input ON input_dead_letters (input, seq);
)sql",
    // 5: several vigild on one database (docs/CLUSTER.md). rule_leases: who
    // runs each rule's scheduled windows, until when by the server's clock,
    // and the fencing token each acquisition raises, which a run's commit
    // must still find (postgres_rule_leases.hpp). cluster_nodes: each
    // node's heartbeat, by the server's clock.
    R"sql(
CREATE TABLE rule_leases (
  rule_id text PRIMARY KEY,
  holder text NOT NULL,             -- cluster_nodes.node_id
  token bigint NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX rule_leases_holder ON rule_leases (holder);

CREATE TABLE cluster_nodes (
  node_id text PRIMARY KEY,
  started_at timestamptz NOT NULL,
  last_heartbeat timestamptz NOT NULL
);
)sql",
    // 6: the Kafka partitions each node consumed at its last heartbeat, a
    // JSON array of [input, topic, partition] (postgres_cluster_membership.hpp).
    R"sql(
ALTER TABLE cluster_nodes ADD COLUMN kafka_partitions text NOT NULL DEFAULT '[]';
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
