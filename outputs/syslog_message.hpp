#pragma once

#include <string>

#include "engine/outputs/outbox_entry.hpp"

namespace vigil::outputs {

enum class SyslogFormat { kJson, kCef };

struct SyslogIdentity {
  int facility = 16;  // local0
  std::string hostname = "-";
  std::string app_name = "vigil";
  std::string proc_id = "-";
};

// The facility code of a name ("local0" -> 16); -1 for an unknown name.
int syslog_facility(const std::string& name);

// One entry as an RFC 5424 message:
//   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [vigil@32473 ...] MSG
// PRI from the facility and the alert's severity (critical 2, high 3,
// medium 4, low 5; a triage change 6); MSGID alert.created | alert.triaged;
// the structured data carries idempotency_key, alert_id, rule_id and
// severity (32473 is the private enterprise number RFC 5612 reserves for
// documentation); MSG the raw webhook body (JSON) or a CEF record.
std::string syslog_message(const SyslogIdentity& identity, SyslogFormat format,
                           const engine::outputs::OutboxEntry& entry);

}  // namespace vigil::outputs
