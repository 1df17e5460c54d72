#pragma once

#include <nlohmann/json.hpp>

namespace vigil::engine {

// Security event 4688 (a new process has been created) as Winlogbeat 8.x
// ships it: raw, with the data in winlog.event_data.

// True for winlog.channel "Security" (any case) with event id 4688.
bool is_security_process_create(const nlohmann::json& doc);

// Adds the ECS fields Elastic's security pipeline ("Process Event 4688" in
// x-pack/winlogbeat/module/security/ingest/security_standard.yml) derives:
// event.{category,type,action,module,kind,code}, process.{executable,name,
// pid,command_line,args,args_count}, process.parent.{executable,name,pid},
// user.{id,name,domain} and host.os.type. winlog.event_data is kept intact,
// as for Sysmon.
//
// Thread-safe as long as no other thread touches `doc`.
void normalize_security_process_create(nlohmann::json& doc);

}  // namespace vigil::engine
