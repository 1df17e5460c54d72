#include "engine/normalize/defender_normalizer.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "engine/event/field_lookup.hpp"
#include "engine/normalize/normalizer.hpp"
#include "tests/engine/normalize/expect_fields.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::engine {
namespace {

constexpr TimeMs kReceived = 1'800'000'000'000;

std::vector<nlohmann::json> defender_file(const char* name) {
  return test::read_json_lines(std::string_view(name).starts_with("elastic_m365d")
                                    ? test::third_party_dir("elastic-integrations") / name
                                    : test::data_dir() / "defender" / name);
}

nlohmann::json elastic_device_process_record() {
  auto records = defender_file("elastic_m365d_test-device_DeviceProcessEvents_excerpt.log");
  EXPECT_EQ(records.size(), 1u);
  return records.at(0);
}

// Every column survives at the top level under its own name; JSON text in
// a dynamic column may have become the JSON it held.
void expect_columns_kept(const nlohmann::json& doc, const nlohmann::json& properties) {
  for (const auto& [column, value] : properties.items()) {
    ASSERT_TRUE(doc.contains(column)) << column;
    if (doc[column] == value) continue;
    ASSERT_TRUE(value.is_string()) << column << " changed: " << doc[column].dump();
    EXPECT_EQ(doc[column], nlohmann::json::parse(value.get<std::string>())) << column;
  }
}

void expect_envelope_kept(const nlohmann::json& doc, const nlohmann::json& record) {
  for (const auto& [key, value] : record.items())
    if (key != "properties") {
      EXPECT_EQ(doc["defender"][key], value) << key;
    }
}

std::string table_of(const nlohmann::json& record) {
  return record["category"].get<std::string>().substr(std::string("AdvancedHunting-").size());
}

TEST(DefenderNormalizerTest, ElasticDeviceProcessRecordIsAProcessStart) {
  const auto record = elastic_device_process_record();
  auto doc = record;
  ASSERT_TRUE(is_defender_stream_record(doc));
  const auto outcome = normalize_defender(doc);
  EXPECT_EQ(outcome.table, "DeviceProcessEvents");
  EXPECT_TRUE(outcome.process_start);

  test::expect_fields(doc,
                      {
                          {"@timestamp", "2022-11-09T17:59:52.626Z"},
                          {"event.category", {"process"}},
                          {"event.type", {"start"}},
                          {"event.dataset", "m365_defender.DeviceProcessEvents"},
                          {"defender.table", "DeviceProcessEvents"},
                          {"defender.tenantId", "12345af3-bc0e-4f36-b08e-27759e912345"},
                          {"process.name", "smartscreen.exe"},
                          {"process.executable", "C:\\Windows\\System32\\smartscreen.exe"},
                          {"process.command_line", "smartscreen.exe -Embedding"},
                          {"process.args", {"smartscreen.exe", "-Embedding"}},
                          {"process.args_count", 2},
                          {"process.pid", 6412},
                          {"process.pe.original_file_name", "smartscreen.exe"},
                          {"process.hash.sha256", "8011a5f4ac65d85cbe593bdad886449e3807d950b234e77c675a0f7ca3b7c781"},
                          {"process.parent.name", "svchost.exe"},
                          {"process.parent.executable", "c:\\windows\\system32\\svchost.exe"},
                          {"process.parent.command_line", "svchost.exe -k DcomLaunch -p"},
                          {"process.parent.args", {"svchost.exe", "-k", "DcomLaunch", "-p"}},
                          {"process.parent.pid", 996},
                          {"host.name", "testmachine6"},
                          {"host.os.type", "windows"},
                          {"user.name", "administrator1"},
                          {"user.domain", "testmachine6"},
                          {"user.id", "S-1-5-21-1874808502-2282282112-3464708742-500"},
                          {"AdditionalFields", nlohmann::json::array()},
                          {"properties", nullptr},
                      });
  expect_columns_kept(doc, record["properties"]);
  expect_envelope_kept(doc, record);
}

// No public DeviceProcessEvents record runs Set-CASMailbox: the positive is
// the real Elastic envelope with the command swapped in.
TEST(DefenderNormalizerTest, ActiveSyncPowerShellPositiveFromRealEnvelope) {
  auto doc = elastic_device_process_record();
  auto& row = doc["properties"];
  row["FileName"] = "powershell.exe";
  row["FolderPath"] = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
  row["ProcessCommandLine"] =
      "\"powershell.exe\" -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}\"";
  normalize_defender(doc);
  test::expect_fields(
      doc, {
               {"process.name", "powershell.exe"},
               {"process.args",
                {"powershell.exe", "-Command", "Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='X'}"}},
               {"host.os.type", "windows"},
               {"event.type", {"start"}},
           });
}

// The project's own streaming records (tests/data/defender): 23 tables the
// streaming API exports, one or more records each.
TEST(DefenderNormalizerTest, StreamingRecordsOfEveryTable) {
  const auto records = defender_file("streaming_api_records.ndjson");
  ASSERT_EQ(records.size(), 33u);
  std::map<std::string, int> tables;
  std::map<std::string, int> shapes;
  int decoded = 0;
  int left_as_text = 0;
  for (const auto& record : records) {
    const auto table = table_of(record);
    SCOPED_TRACE(table);
    ++tables[table];
    const auto result = normalize(record, kReceived);
    ++shapes[std::string(to_string(result.shape))];
    EXPECT_TRUE(result.recognised);
    EXPECT_EQ(result.dataset, "m365_defender." + table);
    EXPECT_EQ(result.default_index, "logs-m365_defender.event-vigil");
    EXPECT_EQ(result.document["defender"]["table"], table);
    EXPECT_EQ(result.document["event"]["dataset"], "m365_defender." + table);
    ASSERT_TRUE(result.timestamp.has_value());
    EXPECT_EQ(result.ingested, kReceived);
    expect_columns_kept(result.document, record["properties"]);
    expect_envelope_kept(result.document, record);
    for (const auto* dynamic : {"RawEventData", "AdditionalFields", "AuthenticationDetails", "ActivityObjects"}) {
      const auto* value = find_field(result.document, dynamic);
      if (value != nullptr && value->is_string()) ++left_as_text;
      const auto* sent = find_field(record["properties"], dynamic);
      if (value != nullptr && !value->is_string() && sent != nullptr && sent->is_string()) ++decoded;
    }
  }
  EXPECT_EQ(tables, (std::map<std::string, int>{
                        {"AlertEvidence", 2},
                        {"AlertInfo", 1},
                        {"BehaviorInfo", 1},
                        {"CloudAppEvents", 3},
                        {"DeviceEvents", 1},
                        {"DeviceFileCertificateInfo", 1},
                        {"DeviceFileEvents", 1},
                        {"DeviceImageLoadEvents", 1},
                        {"DeviceInfo", 1},
                        {"DeviceLogonEvents", 1},
                        {"DeviceNetworkEvents", 1},
                        {"DeviceNetworkInfo", 1},
                        {"DeviceProcessEvents", 3},
                        {"DeviceRegistryEvents", 1},
                        {"EmailAttachmentInfo", 1},
                        {"EmailEvents", 4},
                        {"EmailPostDeliveryEvents", 1},
                        {"EmailUrlInfo", 1},
                        {"IdentityInfo", 1},
                        {"IdentityLogonEvents", 3},
                        {"MessageEvents", 1},
                        {"MessageUrlInfo", 1},
                        {"UrlClickEvents", 1},
                    }));
  EXPECT_EQ(shapes["defender_process"], 3);
  EXPECT_EQ(shapes["defender_table"], 30);
  // 16 of these columns arrive as JSON text and become JSON. Three arrive as
  // empty text (the AdditionalFields of DeviceNetworkEvents and of one
  // EmailEvents record, that record's AuthenticationDetails): no JSON, they
  // stay text.
  EXPECT_EQ(decoded, 16);
  EXPECT_EQ(left_as_text, 3);
}

// DeviceProcessEvents has no OSPlatform: only the Windows device's process
// is tagged windows, by its Windows path. The Linux record has an empty
// FolderPath, so the initiating process's path decides.
TEST(DefenderNormalizerTest, StreamingProcessRecordsOfMacAndLinuxAreNotTaggedWindows) {
  std::map<std::string, nlohmann::json> by_device;
  for (const auto& record : defender_file("streaming_api_records.ndjson")) {
    if (table_of(record) != "DeviceProcessEvents") continue;
    const auto result = normalize(record, kReceived);
    EXPECT_EQ(to_string(result.shape), "defender_process");
    by_device[record["properties"]["DeviceName"].get<std::string>()] = result.document;
  }
  ASSERT_EQ(by_device.size(), 3u);
  test::expect_fields(
      by_device.at("ws-fin-014.contoso.com"),
      {
          {"process.name", "cbagent.exe"},
          {"process.executable", "C:\\Program Files\\Contoso\\Backup Agent\\cbagent.exe"},
          {"process.args",
           {"C:\\Program Files\\Contoso\\Backup Agent\\cbagent.exe", "--job", "Nightly Docs", "/quiet"}},
          {"process.args_count", 4},
          {"process.pid", 4120},
          {"process.pe.original_file_name", "cbagent.exe"},
          {"process.parent.name", "services.exe"},
          {"process.parent.pid", 712},
          {"host.name", "ws-fin-014.contoso.com"},
          {"host.os.type", "windows"},
          {"user.name", "system"},
          {"user.domain", "nt authority"},
          {"user.id", "S-1-5-18"},
          {"AdditionalFields.ProcessStartKey", 17451448556419853},
      });
  test::expect_fields(
      by_device.at("mbp-megan"),
      {
          {"process.name", "ditto"},
          {"process.executable", "/usr/bin/ditto"},
          {"process.args",
           {"ditto", "-x", "-k", "/Users/megan/Downloads/invoices.zip", "/Users/megan/Downloads/invoices"}},
          {"process.parent.name", "zsh"},
          {"process.pe.original_file_name", nullptr},
          {"host.os.type", nullptr},
          {"AdditionalFields.ProcessCurrentWorkingDirectory", "/Users/megan/Downloads"},
          {"@timestamp", "2026-10-13T12:02:47.553Z"},
      });
  test::expect_fields(by_device.at("lnx-build-02.contoso.com"),
                      {
                          {"process.name", "python3.11"},
                          {"process.executable", nullptr},
                          {"process.args", {"python3", "/opt/fabrikam/agent/collect.py", "--interval", "300"}},
                          {"process.hash.sha256", nullptr},
                          {"process.parent.executable", "/usr/bin/bash"},
                          {"user.name", "svc-collect"},
                          {"user.id", nullptr},
                          {"host.os.type", nullptr},
                          {"AdditionalFields.ProcessCurrentWorkingDirectory", "/opt/fabrikam/agent"},
                          {"@timestamp", "2026-10-13T12:13:40.000Z"},
                      });
}

TEST(DefenderNormalizerTest, ElasticEmailAndIdentitySamples) {
  int records_seen = 0;
  for (const auto* file : {"elastic_m365d_test-email.log", "elastic_m365d_test-app-and-identity.log"}) {
    for (const auto& record : defender_file(file)) {
      ++records_seen;
      const auto table = table_of(record);
      SCOPED_TRACE(table);
      const auto result = normalize(record, kReceived);
      EXPECT_EQ(to_string(result.shape), "defender_table");
      EXPECT_EQ(result.dataset, "m365_defender." + table);
      EXPECT_TRUE(result.timestamp.has_value()) << "Timestamp or the envelope's time";
      EXPECT_TRUE(result.categories.empty());
      expect_columns_kept(result.document, record["properties"]);
      expect_envelope_kept(result.document, record);
    }
  }
  EXPECT_EQ(records_seen, 13);
}

TEST(DefenderNormalizerTest, EmailEventsColumnsReadableDirectly) {
  for (const auto& record : defender_file("elastic_m365d_test-email.log")) {
    if (table_of(record) != "EmailEvents") continue;
    const auto result = normalize(record, kReceived);
    test::expect_fields(result.document, {
                                             {"NetworkMessageId", "a194a8a6-d97c-4be1-ae31-08dacc512345"},
                                             {"SenderFromAddress", "user@testMSFTalerts.onmicrosoft.com"},
                                             {"EmailDirection", "Intra-org"},
                                             {"AuthenticationDetails.DKIM", "none"},
                                             {"@timestamp", "2022-11-22T06:19:40.000Z"},
                                             {"defender.time", "2022-11-22T06:21:48.0675195Z"},
                                         });
    EXPECT_TRUE(result.document.contains("Connectors") && result.document["Connectors"].is_null());
  }
}

TEST(DefenderNormalizerTest, PostDeliveryWithoutTimestampFallsBackToEnvelopeTime) {
  for (const auto& record : defender_file("elastic_m365d_test-email.log")) {
    if (table_of(record) != "EmailPostDeliveryEvents") continue;
    const auto result = normalize(record, kReceived);
    EXPECT_EQ(result.document["@timestamp"], "2022-11-22T06:20:58.523Z");
  }
}

TEST(DefenderNormalizerTest, CloudAppRawEventDataStringAndObjectBothDecode) {
  int cloud_app = 0;
  int raw_as_text = 0;
  int with_parameters = 0;
  for (const auto* file : {"elastic_m365d_test-app-and-identity.log", "streaming_api_records.ndjson"}) {
    for (const auto& record : defender_file(file)) {
      if (table_of(record) != "CloudAppEvents") continue;
      ++cloud_app;
      if (record["properties"]["RawEventData"].is_string()) ++raw_as_text;
      auto doc = record;
      normalize_defender(doc);
      EXPECT_TRUE(doc["RawEventData"].is_object());
      EXPECT_TRUE(doc["AdditionalFields"].is_object());
      if (doc["ActionType"] == "Set-InboundConnector") {
        // The parameters' names, whichever shape RawEventData came in, for EQL to test.
        EXPECT_EQ(doc["defender"]["parameter_names"], (nlohmann::json{"Identity", "SenderIPAddresses", "RequireTls", "Enabled"}));
        ++with_parameters;
      }
    }
  }
  // Elastic's record and the project's connector change send RawEventData as
  // JSON text, the project's other two records as a JSON object.
  EXPECT_EQ(cloud_app, 4);
  EXPECT_EQ(raw_as_text, 2);
  EXPECT_EQ(with_parameters, 1);
}

TEST(DefenderNormalizerTest, InvalidJsonTextStaysText) {
  nlohmann::json doc = {{"category", "AdvancedHunting-CloudAppEvents"},
                        {"time", "2024-01-01T00:00:00Z"},
                        {"properties",
                         {{"Timestamp", "2024-01-01T00:00:00Z"},
                          {"RawEventData", "{not json"},
                          {"AdditionalFields", "plain text"},
                          {"Subject", "{\"looks\":\"like json\"}"}}}};
  normalize_defender(doc);
  EXPECT_EQ(doc["RawEventData"], "{not json");
  EXPECT_EQ(doc["AdditionalFields"], "plain text");
  EXPECT_EQ(doc["Subject"], "{\"looks\":\"like json\"}") << "only dynamic columns are decoded";
}

TEST(DefenderNormalizerTest, InfersTablesOfBareRows) {
  std::map<std::string, std::string> inferred;
  std::map<std::string, int> inferred_streaming;
  for (const auto* file :
       {"streaming_api_records.ndjson", "elastic_m365d_test-email.log", "elastic_m365d_test-app-and-identity.log",
        "elastic_m365d_test-device_DeviceProcessEvents_excerpt.log"}) {
    for (const auto& record : defender_file(file)) {
      const auto table = infer_defender_table(record["properties"]);
      const auto actual = table_of(record);
      if (table) {
        EXPECT_EQ(*table, actual) << "wrongly inferred";
        if (std::string_view(file).starts_with("streaming")) ++inferred_streaming[actual];
      }
      inferred[actual] = table.value_or("");
    }
  }
  for (const auto* table : {"DeviceProcessEvents", "EmailEvents", "CloudAppEvents", "IdentityLogonEvents"})
    EXPECT_EQ(inferred[table], table);
  // Of the project's records, two cloud IdentityLogonEvents rows have no
  // Protocol, which a bare row needs to be told from other tables.
  EXPECT_EQ(inferred_streaming,
            (std::map<std::string, int>{
                {"CloudAppEvents", 3}, {"DeviceProcessEvents", 3}, {"EmailEvents", 4}, {"IdentityLogonEvents", 1}}));
}

TEST(DefenderNormalizerTest, BareRowFromAdvancedHuntingApi) {
  const auto row = elastic_device_process_record()["properties"];
  const auto result = normalize(row, kReceived);
  EXPECT_EQ(to_string(result.shape), "defender_process");
  test::expect_fields(result.document, {
                                           {"defender.table", "DeviceProcessEvents"},
                                           {"defender.time", nullptr},
                                           {"process.name", "smartscreen.exe"},
                                           {"event.dataset", "m365_defender.DeviceProcessEvents"},
                                       });

  nlohmann::json unknown_row = {{"Timestamp", "2024-01-01T00:00:00Z"}, {"SomeColumn", 1}};
  EXPECT_EQ(to_string(normalize(unknown_row, kReceived).shape), "unknown");
  const auto hinted = normalize(unknown_row, kReceived, SourceHint::kDefender);
  EXPECT_EQ(to_string(hinted.shape), "defender_table");
  EXPECT_EQ(hinted.dataset, "m365_defender.event");
  EXPECT_EQ(find_field(hinted.document, "defender.table"), nullptr);
}

}  // namespace
}  // namespace vigil::engine
