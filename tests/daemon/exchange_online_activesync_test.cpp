// The Exchange Online companion of the ActiveSync rule through the real
// vigild: Defender streaming records ingested over HTTP, the rule run by
// the API over its usual window (the daemon's clock is the system's, so the
// records are stamped relative to now), the alert read back over the API.
#include <gtest/gtest.h>

#include <chrono>

#include "engine/time/timestamp.hpp"
#include "tests/support/daemon_fixture.hpp"

namespace vigil::test {
namespace {

constexpr const char* kRuleId = "m365-activesync-allowed-device-id-exchange-online";

engine::TimeMs now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A CloudAppEvents streaming record of an Exchange Online cmdlet, stamped
// `happened`, with RawEventData as an object or as JSON text.
nlohmann::json cmdlet_record(const std::string& action, const nlohmann::json& parameters, engine::TimeMs happened,
                             bool raw_as_text) {
  auto list = nlohmann::json::array();
  for (const auto& [name, value] : parameters.items()) list.push_back({{"Name", name}, {"Value", value}});
  const nlohmann::json raw = {
      {"RecordType", 1}, {"Operation", action}, {"Workload", "Exchange"}, {"ResultStatus", "True"}, {"Parameters", list}};
  return {{"time", engine::format_timestamp(happened)},
          {"tenantId", "0d9c3b7e-5a2f-4e61-8b4d-2c7f1a9e6b50"},
          {"operationName", "Publish"},
          {"category", "AdvancedHunting-CloudAppEvents"},
          {"properties",
           {{"Timestamp", engine::format_timestamp(happened)},
            {"ActionType", action},
            {"Application", "Microsoft Exchange Online"},
            {"ActivityType", "Edit"},
            {"AccountObjectId", "a41e9b07-2c6d-4f38-8e5a-1d7c3b9f0e62"},
            {"AccountDisplayName", "Adele Vance"},
            {"IPAddress", "198.51.100.7"},
            {"RawEventData", raw_as_text ? nlohmann::json(raw.dump()) : raw}}}};
}

TEST(ExchangeOnlineActiveSync, CloudAppEventsAloneRaiseTheAlert) {
  Daemon d;
  ASSERT_TRUE(d.wait_for_first_pass());  // the start-up pass must not take the test's run
  const auto now = now_ms();
  const nlohmann::json body = {
      {"records",
       {cmdlet_record("Set-CASMailbox", {{"Identity", "megan.bowen@contoso.com"}, {"ActiveSyncAllowedDeviceIDs", "ANDROIDC0FFEE01"}},
                      now - 2 * engine::kMinuteMs, false),
        // Three hours late, as Defender's stream can be: the rule windows on event.ingested.
        cmdlet_record("Set-CASMailbox", {{"Identity", "lee.gu@contoso.com"}, {"ActiveSyncAllowedDeviceIDs", "@{Add='IPHONE77'}"}},
                      now - 3 * engine::kHourMs, true),
        cmdlet_record("Set-CASMailbox", {{"Identity", "adele.vance@contoso.com"}, {"OWAEnabled", "False"}},
                      now - engine::kMinuteMs, false)}}};
  const auto ingested = d.client().post("/api/v1/events?source=defender", body.dump());
  ASSERT_EQ(ingested.status, 200) << ingested.body;

  const auto run = d.client().post(std::string("/api/v1/rules/") + kRuleId + "/_run", "{}");
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json()["status"], "succeeded") << run.body;
  EXPECT_EQ(run.json()["alerts_created"], 2) << run.body;

  const auto listed = d.client().get(std::string("/api/v1/alerts?rule_id=") + kRuleId);
  ASSERT_EQ(listed.status, 200);
  const auto alerts = listed.json()["alerts"];
  std::map<std::string, nlohmann::json> by_mailbox;
  for (const auto& alert : alerts) by_mailbox[alert["activesync"]["identity"].get<std::string>()] = alert;
  ASSERT_EQ(by_mailbox.size(), 2u) << listed.body;
  EXPECT_EQ(by_mailbox.at("megan.bowen@contoso.com")["activesync"]["device_ids"], nlohmann::json{"ANDROIDC0FFEE01"});
  EXPECT_EQ(by_mailbox.at("lee.gu@contoso.com")["activesync"]["device_ids"], nlohmann::json{"IPHONE77"});
  const auto& alert = by_mailbox.at("megan.bowen@contoso.com");
  EXPECT_EQ(alert["rule"]["severity"], "medium");
  EXPECT_EQ(alert["mitre"], (nlohmann::json{"T1098", "T1098.002", "T1059", "T1059.001", "T1114", "T1114.002"}));
  EXPECT_EQ(alert["rule"]["tags"][0], "Domain: Cloud");
  EXPECT_EQ(d.stop(), 0);
}

}  // namespace
}  // namespace vigil::test
