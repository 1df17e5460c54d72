#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/normalize/event_shape.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// Recognises what an incoming event is and adds the ECS fields Elasticsearch
// ingest pipelines would have added, so rules written for Elastic match the
// same events in Vigil. The original fields are never removed or changed;
// normalization only adds fields (see the per-source normalizers).
//
// Shapes, tried in this order:
//   "defender_process" / "defender_table"  Defender XDR streaming record
//                                          (DeviceProcessEvents/ProcessCreated
//                                          is a process start; other tables
//                                          keep their columns)
//   "ecs"                     already carries event.category or process.*
//                             (Winlogbeat 7.x, Elastic Agent, re-shipped
//                             Elasticsearch documents incl. Elastic's
//                             m365_defender): kept as it is
//   "sysmon_process_create"   Winlogbeat 8.x raw Sysmon event 1
//   "security_4688"           Winlogbeat 8.x raw Security event 4688
//   "winlog_other"            any other Windows event-log record
//   "defender_process" / "defender_table"  a bare Advanced Hunting row
//   "unknown"                 anything else, stored all the same
//
// Every document from a Windows event-log channel (winlog.channel present)
// gets host.os.type "windows" when it has none, whatever its shape.

// What the caller knows about where a batch came from. A hint only widens
// recognition; it never overrides a shape the document shows by itself.
//   kSysmon:   event id 1 with winlog.event_data is Sysmon even when
//              winlog.channel is missing or says otherwise.
//   kSecurity: likewise for event id 4688.
//   kDefender: any object that is no other shape is an Advanced Hunting
//              row, its table inferred from its columns or left unknown.
//   kAuto, kWinlogbeat: recognise by shape; a bare row counts as Defender
//              only when it has Timestamp and ReportId and a table can be
//              inferred.
enum class SourceHint { kAuto, kWinlogbeat, kSysmon, kSecurity, kDefender };

struct Normalized {
  nlohmann::json document;  // normalized, ready to store
  EventShape shape = EventShape::kUnknown;
  bool recognised = false;  // false only for EventShape::kUnknown
  // event.dataset: "windows.sysmon_operational", "system.security",
  // "m365_defender.<Table>" ("m365_defender.event" when the table is
  // unknown), the channel's dataset for other event-log records, the
  // document's own event.dataset for ECS, "vigil.unknown" otherwise.
  std::string dataset;
  // The conventional index for a native batch: "logs-<dataset>-vigil", with
  // all Defender records in "logs-m365_defender.event-vigil" as Elastic
  // keeps them, and the dataset lowercased and made index-safe.
  std::string default_index;
  std::vector<std::string> categories;  // event.category values after normalization
  // Parsed @timestamp, if any; `received_at` when it lies more than
  // kFutureTimeTolerance ahead of it (the document keeps its own).
  std::optional<TimeMs> timestamp;
  // event.ingested: the document's own if it parses (`received_at` when
  // more than kFutureTimeTolerance ahead), else `received_at`, which is then
  // written into the document (RFC 3339, milliseconds).
  TimeMs ingested = 0;
};

// How far ahead of its arrival an event's times may lie and still be filed
// (rule windows, retention) under them: clocks a few hours off, or local
// time sent as UTC, stay as sent.
inline constexpr TimeMs kFutureTimeTolerance = kDayMs;

// Normalizes one event. A document that is not a JSON object is stored as
// unknown, wrapped as {"event":{"original":<its JSON text>}}.
// Never throws for any input JSON (except std::bad_alloc). Thread-safe.
Normalized normalize(nlohmann::json raw, TimeMs received_at, SourceHint hint = SourceHint::kAuto);

// Whether normalize(raw, _, hint) would recognise a shape in `raw` (its
// shape would not be "unknown"), without normalizing it: for inputs that
// set unrecognised messages aside instead of storing them. Thread-safe.
bool recognises(const nlohmann::json& raw, SourceHint hint = SourceHint::kAuto);

// Unwraps a native batch body into its events: a JSON array yields its
// elements; {"records":[...]} (the Defender Event Hub message, nothing else
// beside it) yields the records; an Advanced Hunting API response
// ({"Schema"/"schema":..., "Results"/"results":[...]}) yields the rows; any
// other value is one event. Elements are returned as they are, objects or
// not, so that nothing a shipper sent is dropped silently. Thread-safe.
std::vector<nlohmann::json> unwrap_records(nlohmann::json body);

}  // namespace vigil::engine
