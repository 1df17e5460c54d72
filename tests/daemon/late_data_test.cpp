// Late data through the real vigild (issue 27, sections 2 and 3): Defender
// records that arrive hours after they happened still alert on the next
// scheduled run, and events stamped a month ago but stored now survive the
// retention pass of a restart. The daemon runs on the real clock; the
// records are stamped relative to it.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "tests/engine/content/m365/m365_test_support.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::test {
namespace {

using engine::detect::testing::exchange_admin_raw;
using engine::detect::testing::stream_record;
using engine::detect::testing::with_columns;

engine::TimeMs now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The built-in m365 rules, and retention as shipped (8 days, by arrival),
// with a pass every second so that a restart's passes have run by the time
// the test looks.
std::unique_ptr<Daemon> start(const TempDir& dir) {
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[retention]\nevents_days = 8\ninterval_seconds = 1\n";
  return std::make_unique<Daemon>(std::vector<std::string>{"--rules-dir", (source_dir() / "rules" / "m365").string(),
                                                           "--config", config.string()},
                                  dir / "data");
}

nlohmann::json connector_op(engine::TimeMs t, const std::string& operation, const nlohmann::json& parameters) {
  return with_columns(stream_record("CloudAppEvents"), t,
                      {{"ActionType", operation},
                       {"Application", "Microsoft Exchange Online"},
                       {"AccountObjectId", "a41e9b07-2c6d-4f38-8e5a-1d7c3b9f0e62"},
                       {"RawEventData", exchange_admin_raw(operation, parameters)}});
}

nlohmann::json mail(engine::TimeMs t, int n) {
  return with_columns(stream_record("EmailEvents"), t,
                      {{"NetworkMessageId", "late-msg-" + std::to_string(n)},
                       {"Connectors", "Partner-Relay-01"},
                       {"SenderObjectId", "8d9e2b1c-0000-4000-8000-000000000001"}});
}

// The alerts of `rule_id` once there are any, waiting up to 30 s.
nlohmann::json alerts_of(Daemon& daemon, const std::string& rule_id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    auto alerts = daemon.client().get("/api/v1/alerts?rule_id=" + rule_id).json()["alerts"];
    if (!alerts.empty() || std::chrono::steady_clock::now() > deadline) return alerts;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

TEST(LateData, RecordsArrivingHoursLateAlertOnTheNextScheduledRunAndAMonthOldBacklogSurvivesRestart) {
  TempDir dir;
  auto daemon = start(dir);
  ASSERT_TRUE(daemon->wait_for_first_pass()) << daemon->log();

  // All arrive now: a connector created a day ago, changed two hours ago, a
  // mail burst through it five hours ago.
  const auto now = now_ms();
  nlohmann::json records = nlohmann::json::array(
      {connector_op(now - engine::kDayMs, "New-InboundConnector", {{"Name", "Partner-Relay-01"}}),
       connector_op(now - 2 * engine::kHourMs, "Set-InboundConnector", {{"Identity", "Partner-Relay-01"}})});
  for (int n = 0; n < 100; ++n) records.push_back(mail(now - 5 * engine::kHourMs, n));
  auto res = daemon->client().request("POST", "/api/v1/events?source=defender", nlohmann::json{{"records", records}}.dump(),
                                      {{"Content-Type", "application/json"}});
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
  // A backlog loaded to hunt in: a Sysmon event of a month ago.
  const auto month_ago = engine::format_timestamp(now - 30 * engine::kDayMs);
  const nlohmann::json backlog = {{"winlog",
                                   {{"channel", "Microsoft-Windows-Sysmon/Operational"},
                                    {"event_id", "1"},
                                    {"event_data", {{"UtcTime", month_ago.substr(0, 10) + " " + month_ago.substr(11, 12)},
                                                    {"Image", "C:\\Windows\\System32\\cmd.exe"}}}}}};
  res = daemon->client().request(
      "POST", "/_bulk",
      nlohmann::json{{"create", {{"_index", "winlogbeat-8.15.0"}, {"_id", "backlog"}}}}.dump() + "\n" + backlog.dump() + "\n",
      {{"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(res.status, 200) << res.body;
  ASSERT_EQ(res.json()["errors"], false) << res.body;
  ASSERT_EQ(daemon->stop(), 0) << daemon->log();

  // The restart's first pass is each rule's next scheduled run.
  daemon = start(dir);
  const auto changed = alerts_of(*daemon, "m365-connector-changed");
  ASSERT_EQ(changed.size(), 2u) << daemon->log();
  const auto volume = alerts_of(*daemon, "m365-connector-mail-volume");
  ASSERT_EQ(volume.size(), 1u) << daemon->log();
  EXPECT_EQ(volume[0]["metric"]["value"], 100);
  EXPECT_EQ(volume[0]["connector_changes"].size(), 1u);  // the creation; the change came after the burst

  // Two retention passes later, the backlog stored minutes ago is still there.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(daemon->client().get("/winlogbeat-8.15.0/_doc/backlog").status, 200) << daemon->log();
  EXPECT_EQ(daemon->stop(), 0);
}

}  // namespace
}  // namespace vigil::test
