#pragma once

// The built-in ActiveSync rule's events as _bulk bodies, and what a vigild
// recorded for the rule read straight from its SQLite file: the alerts, the
// run history and the rule state, as a crash left them. Shared by the
// reliability tests of detection (rule_run_kill9_test, downtime_test).

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/support/recent_time.hpp"

namespace vigil::test::detection {

// rules/windows/persistence_new_activesync_allowed_device_id_via_powershell.toml:
// at most 100 alerts a run, a 9-minute look-back windowed on event.ingested.
inline const std::string kRuleId = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";
inline const std::string kIndex = "winlogbeat-8.15.0";
inline const std::string kRunPath = "/api/v1/rules/" + kRuleId + "/_run";
inline const std::map<std::string, std::string> kNdjson = {{"Content-Type", "application/x-ndjson"}};

// A _bulk body creating, under each _id, a Sysmon process start of PowerShell
// adding a device with Set-CASMailbox: every event matches the rule once.
inline std::string matching_bulk(const std::vector<std::string>& ids) {
  std::string body;
  for (const auto& id : ids) {
    const nlohmann::json source = {{"winlog",
                                    {{"channel", "Microsoft-Windows-Sysmon/Operational"},
                                     {"event_id", "1"},
                                     {"computer_name", "ws-" + id + ".corp.example"},
                                     {"event_data",
                                      {{"UtcTime", recent_sysmon_utc_time()},
                                       {"Image", R"(C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe)"},
                                       {"CommandLine", "powershell.exe -Command \"Set-CASMailbox -Identity user-" + id +
                                                           " -ActiveSyncAllowedDeviceIDs @{Add='DEV-" + id + "'}\""},
                                       {"User", "CORP\\user-" + id}}}}}};
    body += nlohmann::json{{"create", {{"_index", kIndex}, {"_id", id}}}}.dump() + "\n" + source.dump() + "\n";
  }
  return body;
}

// Ingests the events and fails the test unless every one was created.
inline void ingest_matching(HttpClient& client, const std::vector<std::string>& ids) {
  const auto res = client.request("POST", "/_bulk", matching_bulk(ids), kNdjson);
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
  ASSERT_EQ(res.json()["errors"], false) << res.body.substr(0, 300);
}

// A digest as lowercase hex.
inline std::string hex_digest(const unsigned char* digest, unsigned int size) {
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

// The id the rule's alert on an event must have, computed here independently
// of the engine: SHA-256 (hex) of rule id, index and event id joined by
// newlines, so re-runs and restarts can never alert twice on one event.
inline std::string expected_alert_id(const std::string& event_id) {
  const auto key = kRuleId + "\n" + kIndex + "\n" + event_id;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(key.data(), key.size(), digest, &size, EVP_sha256(), nullptr);
  return hex_digest(digest, size);
}

// Milliseconds since the epoch as the run history writes them
// (2026-11-22T10:00:00.000Z): fixed width, so they also compare as text.
inline std::string format_time(std::int64_t ms) {
  const time_t seconds = static_cast<time_t>(ms / 1000);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return text;
}

struct StoredAlert {
  std::string id;
  std::string event_id;  // the alert document's source.id
};

struct StoredRun {
  std::int64_t seq = 0;
  std::string status;  // the indexed column; doc["status"] must agree
  nlohmann::json doc;  // null when the stored text is not JSON
};

struct RuleRecords {
  std::string integrity;  // PRAGMA integrity_check
  std::vector<StoredAlert> alerts;
  std::vector<StoredRun> runs;  // oldest first
  std::optional<std::int64_t> last_window_end;
};

// Opened read-write, without writing, so SQLite can recover the WAL a killed
// process left, exactly as the next vigild would.
inline RuleRecords read_rule_records(const std::filesystem::path& database) {
  RuleRecords out;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK) << database;
  const auto each_row = [db](const char* sql, const std::string& bound, const auto& row) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK) << sql << ": " << sqlite3_errmsg(db);
    if (!bound.empty()) sqlite3_bind_text(stmt, 1, bound.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt) == SQLITE_ROW) row(stmt);
    sqlite3_finalize(stmt);
  };
  const auto text = [](sqlite3_stmt* stmt, int column) {
    const auto* value = sqlite3_column_text(stmt, column);
    return value ? std::string(reinterpret_cast<const char*>(value)) : std::string();
  };
  each_row("PRAGMA integrity_check", "", [&](sqlite3_stmt* s) { out.integrity += text(s, 0); });
  each_row("SELECT id, json_extract(doc, '$.source.id') FROM alerts WHERE rule_id = ?1 ORDER BY seq", kRuleId,
           [&](sqlite3_stmt* s) {
             out.alerts.push_back({text(s, 0), text(s, 1)});
           });
  each_row("SELECT seq, status, doc FROM rule_runs WHERE rule_id = ?1 ORDER BY seq", kRuleId, [&](sqlite3_stmt* s) {
    out.runs.push_back({sqlite3_column_int64(s, 0), text(s, 1), nlohmann::json::parse(text(s, 2), nullptr, false)});
    if (out.runs.back().doc.is_discarded()) out.runs.back().doc = nullptr;
  });
  each_row("SELECT last_window_end FROM rule_state WHERE rule_id = ?1", kRuleId,
           [&](sqlite3_stmt* s) { out.last_window_end = sqlite3_column_int64(s, 0); });
  sqlite3_close(db);
  return out;
}

}  // namespace vigil::test::detection
