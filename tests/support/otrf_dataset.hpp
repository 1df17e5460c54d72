#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/support/test_data.hpp"

// OTRF Security-Datasets' 628 real Sysmon 1 / Security 4688 process creations
// (tests/data/third_party/otrf-security-datasets), and their conversion from
// OTRF's flat export to the raw shape Winlogbeat 8.x ships, for the tests that
// normalize them or run rules over them.
namespace vigil::test::otrf_dataset {

inline std::vector<nlohmann::json> read_process_creations() {
  return read_json_lines(third_party_dir("otrf-security-datasets") /
                               "process_creation_sysmon1_security4688.jsonl");
}

// Keys OTRF's collectors (Logstash, NXLog) add around the event: they
// belong to the envelope, not to the event's data. NXLog's "ProcessID" is
// the logging process and clobbers Sysmon's own ProcessId.
inline const std::set<std::string, std::less<>> kEnvelopeKeys = {"@timestamp",
                                                                 "@version",
                                                                 "AccountName",
                                                                 "AccountType",
                                                                 "Category",
                                                                 "Channel",
                                                                 "Domain",
                                                                 "EventID",
                                                                 "EventReceivedTime",
                                                                 "EventTime",
                                                                 "EventType",
                                                                 "ExecutionProcessID",
                                                                 "Hostname",
                                                                 "Keywords",
                                                                 "Level",
                                                                 "Message",
                                                                 "Opcode",
                                                                 "OpcodeValue",
                                                                 "ProcessID",
                                                                 "ProviderGuid",
                                                                 "RecordNumber",
                                                                 "Severity",
                                                                 "SeverityValue",
                                                                 "SourceModuleName",
                                                                 "SourceModuleType",
                                                                 "SourceName",
                                                                 "Task",
                                                                 "ThreadID",
                                                                 "TimeCreated",
                                                                 "UserID",
                                                                 "Version",
                                                                 "host",
                                                                 "port",
                                                                 "tags",
                                                                 "type"};

inline nlohmann::json to_winlogbeat(const nlohmann::json& otrf) {
  nlohmann::json event_data = nlohmann::json::object();
  for (const auto& [key, value] : otrf.items())
    if (!kEnvelopeKeys.contains(key)) event_data[key] = value;
  const auto event_id = std::to_string(otrf["EventID"].get<int>());
  nlohmann::json doc = {
      {"winlog",
       {{"channel", otrf["Channel"]},
        {"event_id", event_id},
        {"provider_name", otrf.value("SourceName", "")},
        {"computer_name", otrf["Hostname"]},
        {"event_data", std::move(event_data)}}},
      {"event", {{"code", event_id}, {"kind", "event"}}},
      {"host", {{"name", otrf["Hostname"]}}},
      {"message", otrf.value("Message", "")},
  };
  if (otrf.contains("UserID")) doc["winlog"]["user"]["identifier"] = otrf["UserID"];
  // OTRF's @timestamp is UTC; its TimeCreated is the collector's local time.
  doc["@timestamp"] = otrf.contains("@timestamp") ? otrf["@timestamp"] : otrf["TimeCreated"];
  return doc;
}

}  // namespace vigil::test::otrf_dataset
