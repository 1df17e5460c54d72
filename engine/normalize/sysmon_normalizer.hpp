#pragma once

#include <nlohmann/json.hpp>

namespace vigil::engine {

// Sysmon event 1 (process creation) as Winlogbeat 8.x ships it: raw, with
// the data in winlog.event_data and no process.* fields.

// True for winlog.channel "Microsoft-Windows-Sysmon/Operational" (any case)
// with event id 1 in winlog.event_id or event.code.
bool is_sysmon_process_create(const nlohmann::json& doc);

// Adds the ECS fields Elastic's sysmon ingest pipeline
// (x-pack/winlogbeat/module/sysmon/ingest/sysmon.yml) derives for event 1:
// event.{category,type,module,kind,code,action}, @timestamp from UtcTime,
// process.* and process.parent.* (args split by split_command_line),
// process.hash.*, process.pe.*, user.{domain,name,id} and host.os.type.
//
// Unlike Elastic, which moves the consumed keys out of winlog.event_data,
// Vigil leaves winlog.event_data untouched and only adds fields: the stored
// document then still holds the event exactly as shipped, and rules written
// against winlog.event_data.* keep working.
//
// Thread-safe as long as no other thread touches `doc`.
void normalize_sysmon_process_create(nlohmann::json& doc);

}  // namespace vigil::engine
