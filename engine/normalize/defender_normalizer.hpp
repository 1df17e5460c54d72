#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace vigil::engine {

// Microsoft Defender XDR Advanced Hunting records, in the two native shapes:
//   - a streaming-API record (Event Hub / Storage):
//     {"time","tenantId","operationName":"Publish",
//      "category":"AdvancedHunting-<Table>","properties":{<row>}, ...};
//   - a bare Advanced Hunting row (the API's "Results" entries), whose table
//     comes from infer_defender_table or is unknown.
// Elastic's m365_defender documents are already ECS and are not handled here.
//
// The stored document is the row's columns at the top level, under their
// original names, so rules read NetworkMessageId or RawEventData.Parameters
// directly. The envelope's keys (time, tenantId, category, operationName,
// Tenant, _TimeReceivedBySvc, ...) move verbatim under "defender", beside
// "defender.table" (the bare table name, e.g. "EmailEvents"). Added:
// @timestamp (from Timestamp, else the envelope's time), event.dataset
// "m365_defender.<Table>" ("m365_defender.event" when the table is
// unknown), event.module and event.kind. Dynamic columns that arrive as
// JSON text (RawEventData, AdditionalFields, ...) are decoded into JSON;
// text that is not valid JSON stays text.
//
// DeviceProcessEvents rows with ActionType "ProcessCreated" also get the ECS
// process-start fields Elastic's pipeline_device.yml derives.
//
// Pure functions; thread-safe as long as no other thread touches `doc`.

struct DefenderOutcome {
  std::string table;           // "" when unknown
  bool process_start = false;  // DeviceProcessEvents / ProcessCreated
};

// True for a streaming-API record: a "category" starting with
// "AdvancedHunting-" and an object "properties".
bool is_defender_stream_record(const nlohmann::json& doc);

// The table a bare row belongs to, judged by columns only that table has:
// DeviceProcessEvents, EmailEvents, CloudAppEvents or IdentityLogonEvents.
std::optional<std::string> infer_defender_table(const nlohmann::json& row);

// Normalizes a streaming record or a bare row in place.
DefenderOutcome normalize_defender(nlohmann::json& doc);

}  // namespace vigil::engine
