#include "outputs/syslog_message.hpp"

#include <array>
#include <utility>

#include "outputs/cef.hpp"
#include "outputs/webhook_body.hpp"

namespace vigil::outputs {
namespace {

using engine::outputs::OutboxKind;

// RFC 5424 section 6.3.3: '"', '\' and ']' are escaped in PARAM-VALUE.
std::string param_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '"' || c == '\\' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

int message_severity(const engine::outputs::OutboxEntry& entry) {
  if (entry.kind == OutboxKind::kAlertTriaged) return 6;  // informational
  const auto severity = entry.alert.value("/rule/severity"_json_pointer, std::string());
  if (severity == "critical") return 2;
  if (severity == "high") return 3;
  if (severity == "medium") return 4;
  return 5;  // notice
}

}  // namespace

int syslog_facility(const std::string& name) {
  static const std::array<std::pair<const char*, int>, 20> kFacilities = {{
      {"kern", 0},    {"user", 1},    {"mail", 2},    {"daemon", 3},    {"auth", 4},    {"syslog", 5},  {"lpr", 6},
      {"news", 7},    {"uucp", 8},    {"cron", 9},    {"authpriv", 10}, {"ftp", 11},    {"local0", 16}, {"local1", 17},
      {"local2", 18}, {"local3", 19}, {"local4", 20}, {"local5", 21},   {"local6", 22}, {"local7", 23},
  }};
  for (const auto& [facility, code] : kFacilities)
    if (name == facility) return code;
  return -1;
}

std::string syslog_message(const SyslogIdentity& identity, SyslogFormat format,
                           const engine::outputs::OutboxEntry& entry) {
  const int pri = identity.facility * 8 + message_severity(entry);
  const auto rule = entry.alert.value("/rule/id"_json_pointer, std::string());
  const auto severity = entry.alert.value("/rule/severity"_json_pointer, std::string());
  std::string message = "<" + std::to_string(pri) + ">1 " + engine::format_timestamp(entry.at) + " " +
                        identity.hostname + " " + identity.app_name + " " + identity.proc_id + " " + entry.type() +
                        " [vigil@32473 idempotency_key=\"" + param_value(entry.idempotency_key()) + "\" alert_id=\"" +
                        param_value(entry.alert_id) + "\" rule_id=\"" + param_value(rule) + "\" severity=\"" +
                        param_value(severity) + "\"] ";
  message += format == SyslogFormat::kCef ? cef_record(entry) : webhook_body(WebhookTemplate::kRaw, entry);
  return message;
}

}  // namespace vigil::outputs
