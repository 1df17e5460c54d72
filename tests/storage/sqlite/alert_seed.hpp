#pragma once

#include "tests/support/incompressible.hpp"

#include <optional>
#include <string>
#include <vector>

#include "engine/store/alert_store.hpp"
#include "engine/store/event_record.hpp"
#include "engine/store/run_store.hpp"

// Rows for tests of the SQLite stores: alerts shaped like the builders'
// documents, the run record they are committed with (SqliteRunStore::
// commit_run is the real write path), and events.
namespace vigil::storage::testing {

struct Seed {
  std::string id;
  std::string rule = "r1";
  engine::TimeMs created_at = 1000;
  std::optional<engine::TimeMs> original_time;
  std::string severity = "low";
  int risk_score = 21;
  std::string host = "WS1";
  std::string user = "alice";
  std::vector<std::string> mitre;
  std::vector<std::string> tactics;
  std::string reason = "reason";
  std::optional<std::string> command_line;
};

inline engine::Alert make_alert(const Seed& s) {
  engine::Alert a;
  a.id = s.id;
  a.rule_id = s.rule;
  a.created_at = s.created_at;
  a.original_time = s.original_time;
  a.severity = s.severity;
  a.risk_score = s.risk_score;
  a.host_name = s.host;
  a.user_name = s.user;
  a.mitre = s.mitre;
  a.tactics = s.tactics;
  a.document = {{"id", s.id},
                {"rule", {{"id", s.rule}}},
                {"reason", s.reason},
                {"status", "open"},
                {"host", {{"name", s.host}}},
                {"user", {{"name", s.user}}},
                {"process", {{"command_line", s.command_line ? nlohmann::json(*s.command_line) : nlohmann::json()}}},
                {"mitre", s.mitre}};
  return a;
}

inline engine::RunRecord seed_run(engine::TimeMs at = 1, const std::string& rule_id = "seed") {
  engine::RunRecord r;
  r.rule_id = rule_id;
  r.started_at = at;
  r.window_start = at;
  r.window_end = at;
  r.status = engine::RunStatus::kSucceeded;
  return r;
}

// A Sysmon process event padded to `bytes`, so that deleting a few frees pages.
inline engine::EventRecord make_event(const std::string& id, std::optional<engine::TimeMs> ts, engine::TimeMs ingested,
                                      std::size_t bytes = 2000) {
  engine::EventRecord r;
  r.index = "winlogbeat-8";
  r.id = id;
  r.timestamp = ts;
  r.ingested = ingested;
  r.categories = {"process"};
  r.dataset = "windows.sysmon_operational";
  r.document = R"({"pad":")" + test::incompressible(bytes, std::hash<std::string>{}(id)) + R"("})";
  return r;
}

// An event "s<n>" whose document has a Sysmon event's shape: the same fields
// in every one, values that vary with n (what a trained dictionary exploits).
inline engine::EventRecord sysmon_like_event(int n) {
  engine::EventRecord r;
  r.index = "winlogbeat-1";
  r.id = "s" + std::to_string(n);
  r.ingested = 1000 + n;
  r.timestamp = r.ingested;
  r.categories = {"process"};
  r.dataset = "windows.sysmon_operational";
  r.document = R"({"event":{"category":["process"],"provider":"Microsoft-Windows-Sysmon","type":["start"]},)"
               R"("process":{"pid":)" +
               std::to_string(4000 + n * 13) +
               R"(,"executable":"C:\\Windows\\System32\\svchost.exe","command_line":"svchost.exe -k netsvcs -s )" +
               std::to_string(n * 977) + R"("},"host":{"name":"ws)" + std::to_string(n % 30) + R"(.corp.example"}})";
  return r;
}

}  // namespace vigil::storage::testing
