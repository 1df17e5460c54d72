#include "storage/sqlite/migrations.hpp"

#include <algorithm>
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
    // 2: alert triage, history, MITRE tags, text search and the dashboard
    // indexes; rule runs by start time for retention.
    R"sql(
ALTER TABLE alerts ADD COLUMN tactics TEXT NOT NULL DEFAULT '';  -- space-delimited tactic ids
ALTER TABLE alerts ADD COLUMN classification TEXT;
ALTER TABLE alerts ADD COLUMN determination TEXT;
ALTER TABLE alerts ADD COLUMN assignee TEXT;
ALTER TABLE alerts ADD COLUMN triage_updated_at INTEGER;
-- lower-cased reason, host.name, user.name and process.command_line, one per line
ALTER TABLE alerts ADD COLUMN search TEXT NOT NULL DEFAULT '';

CREATE TABLE alert_history (
  seq INTEGER PRIMARY KEY,
  alert_seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  field TEXT NOT NULL,
  from_value TEXT,
  to_value TEXT
);
CREATE INDEX alert_history_alert ON alert_history (alert_seq, seq);

-- Each technique id, the parent of each sub-technique and each tactic id an
-- alert is tagged with, so MITRE filters are index lookups.
CREATE TABLE alert_tags (
  tag TEXT NOT NULL,
  alert_seq INTEGER NOT NULL,
  PRIMARY KEY (tag, alert_seq)
) WITHOUT ROWID;
CREATE INDEX alert_tags_alert ON alert_tags (alert_seq);

UPDATE alerts SET
  tactics = coalesce((SELECT ' ' || group_concat(id, ' ') || ' ' FROM (
      SELECT DISTINCT json_extract(t.value, '$.tactic.id') AS id FROM json_each(alerts.doc, '$.threat') AS t
      WHERE t.type = 'object' AND json_extract(t.value, '$.tactic.id') IS NOT NULL)), ''),
  search = lower(coalesce(json_extract(doc, '$.reason'), '') || char(10) ||
                 coalesce(json_extract(doc, '$.host.name'), '') || char(10) ||
                 coalesce(json_extract(doc, '$.user.name'), '') || char(10) ||
                 coalesce(json_extract(doc, '$.process.command_line'), ''));

INSERT OR IGNORE INTO alert_tags (tag, alert_seq)
  SELECT m.value, a.seq FROM alerts AS a, json_each(a.doc, '$.mitre') AS m WHERE m.type = 'text'
  UNION SELECT substr(m.value, 1, instr(m.value, '.') - 1), a.seq FROM alerts AS a, json_each(a.doc, '$.mitre') AS m
    WHERE m.type = 'text' AND instr(m.value, '.') > 1
  UNION SELECT json_extract(t.value, '$.tactic.id'), a.seq FROM alerts AS a, json_each(a.doc, '$.threat') AS t
    WHERE t.type = 'object' AND json_extract(t.value, '$.tactic.id') IS NOT NULL;

DROP INDEX alerts_rule;
CREATE INDEX alerts_rule ON alerts (rule_id, created_at, seq);
CREATE INDEX alerts_status ON alerts (status, created_at, seq);
CREATE INDEX alerts_created ON alerts (created_at, seq);
CREATE INDEX alerts_original_time ON alerts (original_time, seq);
CREATE INDEX alerts_risk_score ON alerts (risk_score, seq);
CREATE INDEX rule_runs_started ON rule_runs (started_at);
)sql",
    // 3: rule matches recorded at ingest (engine/detect/ingest_matcher.hpp),
    // so a rule run reads its matches instead of its whole window; event
    // documents compressed (events.doc a zstd frame; older rows stay text).
    R"sql(
CREATE TABLE rule_matches (
  rule_id TEXT NOT NULL,
  time INTEGER NOT NULL,  -- the rule's window field: events.ts or events.ingested
  event_seq INTEGER NOT NULL,
  PRIMARY KEY (rule_id, time, event_seq)
) WITHOUT ROWID;
CREATE INDEX rule_matches_event ON rule_matches (event_seq);
CREATE TRIGGER events_drop_matches AFTER DELETE ON events BEGIN
  DELETE FROM rule_matches WHERE event_seq = old.seq;
END;

-- The matching epoch an event was written in (NULL: written by no matcher).
-- It only grows: each time a rule starts being matched afresh, the epoch
-- moves on, and the rule's matches are complete for events of that epoch on.
ALTER TABLE events ADD COLUMN match_epoch INTEGER;
CREATE TABLE match_epoch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  epoch INTEGER NOT NULL
);
INSERT INTO match_epoch (id, epoch) VALUES (1, 0);

-- Per rule matched at ingest: the version matched and the epoch it began in.
-- Events of earlier epochs were not matched for it, so runs scan them;
-- older_max_ts / older_max_ingested bound their times (taken when the rule
-- began), so runs stop scanning once their windows are past them.
-- zstd dictionaries stored documents are compressed with (document_codec.hpp),
-- by their zstd dictionary id; the newest compresses new documents.
CREATE TABLE doc_dictionaries (
  id INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  dict BLOB NOT NULL
);

CREATE TABLE rule_match_state (
  rule_id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  from_epoch INTEGER NOT NULL,
  older_max_ts INTEGER,
  older_max_ingested INTEGER
);
)sql",
    // 4: dashboard reads that stay small at millions of alerts. Tags carry
    // their alert's creation time, so a technique's newest alerts are an
    // index walk; alert counts are kept per 10-minute bucket of created_at
    // (by the triggers below), so a summary over a day sums buckets instead
    // of grouping every alert in it (sqlite_alert_store.cpp).
    R"sql(
ALTER TABLE alert_tags ADD COLUMN at INTEGER;  -- alerts.created_at of alert_seq
UPDATE alert_tags SET at = (SELECT created_at FROM alerts WHERE seq = alert_seq);
CREATE INDEX alert_tags_time ON alert_tags (tag, at);

CREATE TABLE alert_counts (
  bucket INTEGER NOT NULL,  -- created_at / 600000
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  classification TEXT NOT NULL,  -- 'none' when NULL
  n INTEGER NOT NULL,
  PRIMARY KEY (bucket, rule_id, severity, status, classification)
) WITHOUT ROWID;
INSERT INTO alert_counts (bucket, rule_id, severity, status, classification, n)
  SELECT created_at / 600000, rule_id, severity, status, coalesce(classification, 'none'), count(*) FROM alerts
  GROUP BY 1, 2, 3, 4, 5;
CREATE TRIGGER alerts_count_insert AFTER INSERT ON alerts BEGIN
  INSERT INTO alert_counts (bucket, rule_id, severity, status, classification, n)
    VALUES (new.created_at / 600000, new.rule_id, new.severity, new.status, coalesce(new.classification, 'none'), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER alerts_count_delete AFTER DELETE ON alerts BEGIN
  UPDATE alert_counts SET n = n - 1 WHERE bucket = old.created_at / 600000 AND rule_id = old.rule_id AND
    severity = old.severity AND status = old.status AND classification = coalesce(old.classification, 'none');
END;
CREATE TRIGGER alerts_count_update AFTER UPDATE OF created_at, rule_id, severity, status, classification ON alerts
BEGIN
  UPDATE alert_counts SET n = n - 1 WHERE bucket = old.created_at / 600000 AND rule_id = old.rule_id AND
    severity = old.severity AND status = old.status AND classification = coalesce(old.classification, 'none');
  INSERT INTO alert_counts (bucket, rule_id, severity, status, classification, n)
    VALUES (new.created_at / 600000, new.rule_id, new.severity, new.status, coalesce(new.classification, 'none'), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TABLE alert_tag_counts (
  bucket INTEGER NOT NULL,  -- alert_tags.at / 600000
  tag TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (bucket, tag)
) WITHOUT ROWID;
INSERT INTO alert_tag_counts (bucket, tag, n) SELECT at / 600000, tag, count(*) FROM alert_tags GROUP BY 1, 2;
CREATE TRIGGER alert_tags_count_insert AFTER INSERT ON alert_tags BEGIN
  INSERT INTO alert_tag_counts (bucket, tag, n) VALUES (new.at / 600000, new.tag, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER alert_tags_count_delete AFTER DELETE ON alert_tags BEGIN
  UPDATE alert_tag_counts SET n = n - 1 WHERE bucket = old.at / 600000 AND tag = old.tag;
END;
)sql",
    // 5: the column values aggregation rules read, recorded with their
    // ingest matches (engine/analytics/row_values.hpp); NULL for EQL rules.
    R"sql(
ALTER TABLE rule_matches ADD COLUMN vals BLOB;
)sql",
    // 6: alert delivery (engine/outputs/outbox.hpp). An outbox entry is
    // written in the transaction that stores or triages its alert; each
    // output's cursor says how far it has delivered, so a restart resumes
    // where delivery stopped. Entries every output is past are deleted.
    R"sql(
-- AUTOINCREMENT: once every entry is delivered and deleted, a plain rowid
-- would start again at 1, behind the outputs' cursors.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,         -- created | triaged
  alert_seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  change TEXT                 -- triaged: {"at","author","changes":[{"field","from","to"}]}
);
CREATE TABLE output_state (
  output TEXT PRIMARY KEY,
  cursor INTEGER NOT NULL,    -- outbox.seq of the last entry done (delivered, skipped or dead-lettered)
  attempts INTEGER NOT NULL DEFAULT 0,  -- failures of the entry after cursor
  next_attempt_at INTEGER,
  first_failure_at INTEGER
);
CREATE TABLE output_dead_letters (
  seq INTEGER PRIMARY KEY,
  output TEXT NOT NULL,
  outbox_seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  alert_id TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  error TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX output_dead_letters_output ON output_dead_letters (output, seq);
)sql",
    // 7: messages an input could not turn into events (engine/ingest/
    // dead_letters.hpp). A message delivered again is kept once.
    R"sql(
CREATE TABLE input_dead_letters (
  seq INTEGER PRIMARY KEY,
  input TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  topic TEXT NOT NULL,
  partition INTEGER NOT NULL,
  msg_offset INTEGER NOT NULL,
  error TEXT NOT NULL,
  payload BLOB NOT NULL,      -- the message's first 64 KiB
  payload_bytes INTEGER NOT NULL,
  at INTEGER NOT NULL,
  UNIQUE (input, epoch, topic, partition, msg_offset)
);
)sql",
    // 8: hunting's column copy. For each Defender table hunting reads
    // often, its documented scalar columns, typed as the hunting engine
    // reads them, kept apart from the compressed documents in the event's
    // transaction (storage/sqlite/hunt_columns.hpp), so a scan reads columns
    // instead of decompressing and parsing every document. Events stored before this
    // migration have no copy: hunt_tables.since_seq says where it starts.
    R"sql(
CREATE TABLE hunt_tables (
  dataset TEXT PRIMARY KEY,
  name TEXT NOT NULL,          -- the table holding the copy
  since_seq INTEGER NOT NULL   -- events.seq from which every event of the dataset has its row
);
-- The top-level fields the documents of those datasets carry, with the
-- JSON type first seen (HuntSource::fields), recorded as events are stored.
CREATE TABLE hunt_fields (
  dataset TEXT NOT NULL,
  name TEXT NOT NULL,
  json_type TEXT NOT NULL,
  PRIMARY KEY (dataset, name)
) WITHOUT ROWID;
CREATE TABLE hunt_EmailEvents (
  ts INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  "Timestamp", "NetworkMessageId", "InternetMessageId", "SenderMailFromAddress", "SenderFromAddress",
  "SenderDisplayName", "SenderObjectId", "SenderMailFromDomain", "SenderFromDomain", "SenderIPv4",
  "SenderIPv6", "RecipientEmailAddress", "RecipientObjectId", "Subject", "EmailClusterId", "EmailDirection",
  "DeliveryAction", "DeliveryLocation", "ThreatTypes", "ThreatNames", "DetectionMethods", "ConfidenceLevel",
  "BulkComplaintLevel", "EmailAction", "EmailActionPolicy", "EmailActionPolicyGuid", "AuthenticationDetails",
  "AttachmentCount", "UrlCount", "EmailLanguage", "Connectors", "OrgLevelAction", "OrgLevelPolicy",
  "UserLevelAction", "UserLevelPolicy", "ReportId",
  PRIMARY KEY (ts, seq)
) WITHOUT ROWID;
CREATE INDEX hunt_EmailEvents_message ON hunt_EmailEvents ("NetworkMessageId");
INSERT INTO hunt_tables (dataset, name, since_seq) VALUES ('m365_defender.EmailEvents', 'hunt_EmailEvents', (SELECT coalesce(max(seq), 0) + 1 FROM events));
CREATE TRIGGER hunt_EmailEvents_delete AFTER DELETE ON events WHEN old.dataset = 'm365_defender.EmailEvents' BEGIN
  DELETE FROM hunt_EmailEvents WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TRIGGER hunt_EmailEvents_supersede AFTER UPDATE OF id ON events WHEN old.dataset = 'm365_defender.EmailEvents' BEGIN
  DELETE FROM hunt_EmailEvents WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TABLE hunt_CloudAppEvents (
  ts INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  "Timestamp", "ActionType", "Application", "ApplicationId", "AppInstanceId", "AccountObjectId", "AccountId",
  "AccountDisplayName", "IsAdminOperation", "DeviceType", "OSPlatform", "IPAddress", "IsAnonymousProxy",
  "CountryCode", "City", "Isp", "UserAgent", "ActivityType", "ObjectName", "ObjectType", "ObjectId",
  "ReportId", "AccountType", "IsExternalUser", "IsImpersonated", "IPCategory", "AuditSource", "OAuthAppId",
  PRIMARY KEY (ts, seq)
) WITHOUT ROWID;
INSERT INTO hunt_tables (dataset, name, since_seq) VALUES ('m365_defender.CloudAppEvents', 'hunt_CloudAppEvents', (SELECT coalesce(max(seq), 0) + 1 FROM events));
CREATE TRIGGER hunt_CloudAppEvents_delete AFTER DELETE ON events WHEN old.dataset = 'm365_defender.CloudAppEvents' BEGIN
  DELETE FROM hunt_CloudAppEvents WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TRIGGER hunt_CloudAppEvents_supersede AFTER UPDATE OF id ON events WHEN old.dataset = 'm365_defender.CloudAppEvents' BEGIN
  DELETE FROM hunt_CloudAppEvents WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TABLE hunt_IdentityLogonEvents (
  ts INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  "Timestamp", "ActionType", "Application", "LogonType", "Protocol", "FailureReason", "AccountName",
  "AccountDomain", "AccountUpn", "AccountSid", "AccountObjectId", "AccountDisplayName", "DeviceName",
  "DeviceType", "OSPlatform", "IPAddress", "Port", "DestinationDeviceName", "DestinationIPAddress",
  "DestinationPort", "TargetDeviceName", "TargetAccountDisplayName", "Location", "Isp", "ReportId",
  PRIMARY KEY (ts, seq)
) WITHOUT ROWID;
INSERT INTO hunt_tables (dataset, name, since_seq) VALUES ('m365_defender.IdentityLogonEvents', 'hunt_IdentityLogonEvents', (SELECT coalesce(max(seq), 0) + 1 FROM events));
CREATE TRIGGER hunt_IdentityLogonEvents_delete AFTER DELETE ON events WHEN old.dataset = 'm365_defender.IdentityLogonEvents' BEGIN
  DELETE FROM hunt_IdentityLogonEvents WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TRIGGER hunt_IdentityLogonEvents_supersede AFTER UPDATE OF id ON events WHEN old.dataset = 'm365_defender.IdentityLogonEvents' BEGIN
  DELETE FROM hunt_IdentityLogonEvents WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TABLE hunt_EmailUrlInfo (
  ts INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  "Timestamp", "NetworkMessageId", "Url", "UrlDomain", "UrlLocation", "ReportId",
  PRIMARY KEY (ts, seq)
) WITHOUT ROWID;
CREATE INDEX hunt_EmailUrlInfo_message ON hunt_EmailUrlInfo ("NetworkMessageId");
INSERT INTO hunt_tables (dataset, name, since_seq) VALUES ('m365_defender.EmailUrlInfo', 'hunt_EmailUrlInfo', (SELECT coalesce(max(seq), 0) + 1 FROM events));
CREATE TRIGGER hunt_EmailUrlInfo_delete AFTER DELETE ON events WHEN old.dataset = 'm365_defender.EmailUrlInfo' BEGIN
  DELETE FROM hunt_EmailUrlInfo WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TRIGGER hunt_EmailUrlInfo_supersede AFTER UPDATE OF id ON events WHEN old.dataset = 'm365_defender.EmailUrlInfo' BEGIN
  DELETE FROM hunt_EmailUrlInfo WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TABLE hunt_EmailAttachmentInfo (
  ts INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  "Timestamp", "NetworkMessageId", "SenderFromAddress", "SenderDisplayName", "SenderObjectId",
  "RecipientEmailAddress", "RecipientObjectId", "FileName", "FileType", "SHA256", "FileSize", "ThreatTypes",
  "ThreatNames", "DetectionMethods", "ReportId",
  PRIMARY KEY (ts, seq)
) WITHOUT ROWID;
CREATE INDEX hunt_EmailAttachmentInfo_message ON hunt_EmailAttachmentInfo ("NetworkMessageId");
INSERT INTO hunt_tables (dataset, name, since_seq) VALUES ('m365_defender.EmailAttachmentInfo', 'hunt_EmailAttachmentInfo', (SELECT coalesce(max(seq), 0) + 1 FROM events));
CREATE TRIGGER hunt_EmailAttachmentInfo_delete AFTER DELETE ON events WHEN old.dataset = 'm365_defender.EmailAttachmentInfo' BEGIN
  DELETE FROM hunt_EmailAttachmentInfo WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TRIGGER hunt_EmailAttachmentInfo_supersede AFTER UPDATE OF id ON events WHEN old.dataset = 'm365_defender.EmailAttachmentInfo' BEGIN
  DELETE FROM hunt_EmailAttachmentInfo WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TABLE hunt_EmailPostDeliveryEvents (
  ts INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  "Timestamp", "Action", "ActionResult", "ActionTrigger", "ActionType", "DeliveryLocation",
  "InternetMessageId", "NetworkMessageId", "RecipientEmailAddress", "ReportId", "ThreatTypes",
  "DetectionMethods",
  PRIMARY KEY (ts, seq)
) WITHOUT ROWID;
CREATE INDEX hunt_EmailPostDeliveryEvents_message ON hunt_EmailPostDeliveryEvents ("NetworkMessageId");
INSERT INTO hunt_tables (dataset, name, since_seq) VALUES ('m365_defender.EmailPostDeliveryEvents', 'hunt_EmailPostDeliveryEvents', (SELECT coalesce(max(seq), 0) + 1 FROM events));
CREATE TRIGGER hunt_EmailPostDeliveryEvents_delete AFTER DELETE ON events WHEN old.dataset = 'm365_defender.EmailPostDeliveryEvents' BEGIN
  DELETE FROM hunt_EmailPostDeliveryEvents WHERE ts = old.ts AND seq = old.seq;
END;
CREATE TRIGGER hunt_EmailPostDeliveryEvents_supersede AFTER UPDATE OF id ON events WHEN old.dataset = 'm365_defender.EmailPostDeliveryEvents' BEGIN
  DELETE FROM hunt_EmailPostDeliveryEvents WHERE ts = old.ts AND seq = old.seq;
END;
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

void migrate(Connection& connection, int target) {
  const int found = user_version(connection);
  if (found > current_schema_version())
    throw engine::StoreError("database schema version " + std::to_string(found) + " is newer than this vigild (" +
                                 std::to_string(current_schema_version()) + "); refusing to open it",
                             engine::StoreErrorKind::kFailed);
  for (int version = found; version < std::min(target, current_schema_version()); ++version) {
    Transaction tx(connection);
    connection.exec(kMigrations[static_cast<std::size_t>(version)]);
    connection.exec("PRAGMA user_version = " + std::to_string(version + 1));
    tx.commit();
  }
}

}  // namespace vigil::storage
