#include "engine/normalize/normalizer.hpp"

#include <gtest/gtest.h>

#include "engine/event/field_lookup.hpp"
#include "tests/engine/normalize/expect_fields.hpp"

namespace vigil::engine {
namespace {

constexpr TimeMs kReceived = 1'700'000'000'123;  // 2023-11-14T22:13:20.123Z

nlohmann::json raw_sysmon(nlohmann::json event_id = "1") {
  return {{"@timestamp", "2020-10-27T20:00:15.000Z"},
          {"winlog",
           {{"channel", "Microsoft-Windows-Sysmon/Operational"},
            {"event_id", std::move(event_id)},
            {"event_data",
             {{"UtcTime", "2020-10-27 20:00:14.320"},
              {"Image", "C:\\Windows\\System32\\cmd.exe"},
              {"CommandLine", "cmd.exe /c whoami"}}}}}};
}

nlohmann::json raw_4688() {
  return {{"@timestamp", "2021-01-01T00:00:00Z"},
          {"winlog",
           {{"channel", "Security"},
            {"event_id", "4688"},
            {"event_data", {{"NewProcessName", "C:\\Windows\\System32\\whoami.exe"}, {"NewProcessId", "0x10"}}}}}};
}

TEST(NormalizerTest, TimesFarAheadOfArrivalAreFiledAtArrivalAndKeptInTheDocument) {
  const auto far = normalize(
      {{"@timestamp", "9999-12-31T23:59:59Z"}, {"event", {{"ingested", "9999-12-31T23:59:59Z"}}}}, kReceived);
  EXPECT_EQ(far.timestamp, kReceived);
  EXPECT_EQ(far.ingested, kReceived);
  EXPECT_EQ(far.document["@timestamp"], "9999-12-31T23:59:59Z");
  EXPECT_EQ(far.document["event"]["ingested"], "9999-12-31T23:59:59Z");
  const auto skewed = normalize({{"@timestamp", "2023-11-15T10:13:20.123Z"}}, kReceived);  // 12 h ahead
  EXPECT_EQ(skewed.timestamp, kReceived + 12 * kHourMs);
}

TEST(NormalizerTest, SysmonProcessCreate) {
  const auto result = normalize(raw_sysmon(), kReceived);
  EXPECT_EQ(to_string(result.shape), "sysmon_process_create");
  EXPECT_TRUE(result.recognised);
  EXPECT_EQ(result.dataset, "windows.sysmon_operational");
  EXPECT_EQ(result.default_index, "logs-windows.sysmon_operational-vigil");
  EXPECT_EQ(result.categories, std::vector<std::string>{"process"});
  EXPECT_EQ(result.timestamp, parse_timestamp("2020-10-27T20:00:14.320Z"));
  EXPECT_EQ(result.ingested, kReceived);
  test::expect_fields(result.document, {
                                           {"event.ingested", "2023-11-14T22:13:20.123Z"},
                                           {"event.dataset", "windows.sysmon_operational"},
                                           {"host.os.type", "windows"},
                                           {"process.args", {"cmd.exe", "/c", "whoami"}},
                                       });
}

TEST(NormalizerTest, Security4688) {
  const auto result = normalize(raw_4688(), kReceived);
  EXPECT_EQ(to_string(result.shape), "security_4688");
  EXPECT_EQ(result.dataset, "system.security");
  EXPECT_EQ(result.default_index, "logs-system.security-vigil");
  EXPECT_EQ(result.categories, std::vector<std::string>{"process"});
  EXPECT_EQ(result.timestamp, parse_timestamp("2021-01-01T00:00:00Z"));
  test::expect_fields(result.document, {{"process.pid", 16}, {"process.name", "whoami.exe"}});
}

TEST(NormalizerTest, OtherWindowsEventsAreRecognisedButNotMapped) {
  auto logon = raw_4688();
  logon["winlog"]["event_id"] = "4624";
  auto result = normalize(logon, kReceived);
  EXPECT_EQ(to_string(result.shape), "winlog_other");
  EXPECT_TRUE(result.recognised);
  EXPECT_EQ(result.dataset, "system.security");
  EXPECT_TRUE(result.categories.empty());
  test::expect_fields(result.document, {{"host.os.type", "windows"}, {"process", nullptr}});

  auto powershell = raw_sysmon();
  powershell["winlog"]["channel"] = "Microsoft-Windows-PowerShell/Operational";
  powershell["winlog"]["event_id"] = 4104;
  result = normalize(powershell, kReceived);
  EXPECT_EQ(to_string(result.shape), "winlog_other");
  EXPECT_EQ(result.default_index, "logs-windows.powershell_operational-vigil");

  auto custom = raw_sysmon();
  custom["winlog"]["channel"] = "Microsoft-Windows-TaskScheduler/Operational";
  EXPECT_EQ(normalize(custom, kReceived).dataset, "winlog.winlog");

  auto sysmon_network = raw_sysmon("3");
  result = normalize(sysmon_network, kReceived);
  EXPECT_EQ(to_string(result.shape), "winlog_other");
  EXPECT_EQ(result.dataset, "windows.sysmon_operational");
}

TEST(NormalizerTest, HintsWidenRecognition) {
  auto no_channel = raw_sysmon();
  no_channel["winlog"].erase("channel");
  EXPECT_EQ(to_string(normalize(no_channel, kReceived).shape), "winlog_other");
  EXPECT_EQ(to_string(normalize(no_channel, kReceived, SourceHint::kSysmon).shape), "sysmon_process_create");
  EXPECT_EQ(to_string(normalize(no_channel, kReceived, SourceHint::kSecurity).shape), "winlog_other");

  auto forwarded = raw_4688();
  forwarded["winlog"]["channel"] = "ForwardedEvents";
  EXPECT_EQ(to_string(normalize(forwarded, kReceived).shape), "winlog_other");
  EXPECT_EQ(to_string(normalize(forwarded, kReceived, SourceHint::kSecurity).shape), "security_4688");

  // A hint never overrides what a document shows by itself.
  EXPECT_EQ(to_string(normalize(raw_4688(), kReceived, SourceHint::kSysmon).shape), "security_4688");
  EXPECT_EQ(to_string(normalize(raw_sysmon(), kReceived, SourceHint::kDefender).shape), "sysmon_process_create");
}

TEST(NormalizerTest, EcsDocumentsAreKeptAsTheyAre) {
  // A Winlogbeat 7.x event: processed client-side, process.* on the wire.
  const nlohmann::json winlogbeat7 = {{"@timestamp", "2021-05-01T10:00:00.000Z"},
                                      {"event",
                                       {{"category", {"process"}},
                                        {"type", {"start"}},
                                        {"dataset", "windows.sysmon_operational"},
                                        {"ingested", "2021-05-01T10:00:01.500Z"}}},
                                      {"process", {{"name", "cmd.exe"}, {"args", {"\"cmd.exe\""}}}},
                                      {"winlog",
                                       {{"channel", "Microsoft-Windows-Sysmon/Operational"},
                                        {"event_id", 1},
                                        {"event_data", {{"Image", "C:\\Windows\\System32\\whoami.exe"}}}}}};
  const auto result = normalize(winlogbeat7, kReceived);
  EXPECT_EQ(to_string(result.shape), "ecs");
  EXPECT_EQ(result.dataset, "windows.sysmon_operational");
  EXPECT_EQ(result.default_index, "logs-windows.sysmon_operational-vigil");
  EXPECT_EQ(result.ingested, *parse_timestamp("2021-05-01T10:00:01.500Z"));
  auto expected = winlogbeat7;
  expected["host"]["os"]["type"] = "windows";
  EXPECT_EQ(result.document, expected) << "only host.os.type was added";

  // Elastic's m365_defender document, flat keys, no winlog: untouched but for event.ingested.
  const nlohmann::json elastic_defender = {
      {"event.dataset", "m365_defender.event"},
      {"m365_defender", {{"event", {{"category", "AdvancedHunting-EmailEvents"}}}}},
      {"email.message_id", "x"}};
  const auto defender = normalize(elastic_defender, kReceived);
  EXPECT_EQ(to_string(defender.shape), "ecs");
  EXPECT_EQ(defender.default_index, "logs-m365_defender.event-vigil");
  auto with_ingested = elastic_defender;
  with_ingested["event"]["ingested"] = "2023-11-14T22:13:20.123Z";
  EXPECT_EQ(defender.document, with_ingested);
}

TEST(NormalizerTest, UnknownShapesAreStoredAllTheSame) {
  const nlohmann::json odd = {{"hello", "world"}, {"@timestamp", "yesterday"}};
  const auto result = normalize(odd, kReceived);
  EXPECT_EQ(to_string(result.shape), "unknown");
  EXPECT_FALSE(result.recognised);
  EXPECT_EQ(result.dataset, "vigil.unknown");
  EXPECT_EQ(result.default_index, "logs-vigil.unknown-vigil");
  EXPECT_FALSE(result.timestamp.has_value());
  test::expect_fields(result.document, {{"hello", "world"}, {"event.dataset", nullptr}, {"host", nullptr}});

  for (const auto& value :
       {nlohmann::json("a line of text"), nlohmann::json(42), nlohmann::json(nullptr), nlohmann::json::array({1, 2})}) {
    const auto wrapped = normalize(value, kReceived);
    EXPECT_EQ(to_string(wrapped.shape), "unknown");
    const auto expected = value.is_string() ? value.get<std::string>() : value.dump();
    EXPECT_EQ(wrapped.document["event"]["original"], expected);
  }
}

TEST(NormalizerTest, RecognisesWhatNormalizationWouldWithoutNormalizing) {
  const nlohmann::json odd = {{"hello", "world"}};
  const nlohmann::json row = {{"Timestamp", "2024-01-01T00:00:00Z"}, {"DeviceName", "ws1"}};
  for (const auto& [raw, hint] : std::vector<std::pair<nlohmann::json, SourceHint>>{
           {raw_sysmon(), SourceHint::kAuto},
           {raw_4688(), SourceHint::kWinlogbeat},
           {odd, SourceHint::kAuto},
           {odd, SourceHint::kDefender},
           {row, SourceHint::kAuto},
           {row, SourceHint::kDefender},
           {nlohmann::json("text"), SourceHint::kDefender},
           {nlohmann::json{{"event", {{"category", "process"}}}}, SourceHint::kAuto}}) {
    EXPECT_EQ(recognises(raw, hint), normalize(raw, kReceived, hint).recognised) << raw.dump();
  }
  EXPECT_FALSE(recognises(odd));
  EXPECT_TRUE(recognises(odd, SourceHint::kDefender));
}

TEST(NormalizerTest, UnparseableIngestedIsReplacedByReceiveTime) {
  auto doc = raw_sysmon();
  doc["event"]["ingested"] = "soon";
  const auto result = normalize(doc, kReceived);
  EXPECT_EQ(result.ingested, kReceived);
  EXPECT_EQ(result.document["event"]["ingested"], "2023-11-14T22:13:20.123Z");
}

TEST(NormalizerTest, DatasetsMakeSafeIndexNames) {
  const nlohmann::json doc = {{"event", {{"category", "process"}, {"dataset", "My-App.Events"}}}};
  const auto result = normalize(doc, kReceived);
  EXPECT_EQ(result.dataset, "My-App.Events");
  EXPECT_EQ(result.default_index, "logs-my_app.events-vigil");
  EXPECT_EQ(result.categories, std::vector<std::string>{"process"});
}

TEST(NormalizerTest, UnwrapsBatchBodies) {
  const nlohmann::json a = {{"a", 1}};
  const nlohmann::json b = {{"b", 2}};
  EXPECT_EQ(unwrap_records(nlohmann::json::array({a, b})), (std::vector<nlohmann::json>{a, b}));
  EXPECT_EQ(unwrap_records({{"records", {a, b}}}), (std::vector<nlohmann::json>{a, b}));
  EXPECT_EQ(unwrap_records(a), std::vector<nlohmann::json>{a});
  EXPECT_EQ(unwrap_records({{"Schema", nlohmann::json::array()}, {"Results", {a}}}), std::vector<nlohmann::json>{a});
  EXPECT_EQ(unwrap_records({{"schema", nlohmann::json::array()}, {"results", {b}}}), std::vector<nlohmann::json>{b});
  EXPECT_TRUE(unwrap_records(nlohmann::json::array()).empty());

  // An event that merely has a records field is one event.
  const nlohmann::json event_with_records = {{"records", {a}}, {"user", "x"}};
  EXPECT_EQ(unwrap_records(event_with_records), std::vector<nlohmann::json>{event_with_records});
  // Nothing is dropped silently: non-objects come back for normalize() to store as unknown.
  EXPECT_EQ(unwrap_records(nlohmann::json::array({a, 7})).size(), 2u);
}

}  // namespace
}  // namespace vigil::engine
