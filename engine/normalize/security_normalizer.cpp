#include "engine/normalize/security_normalizer.hpp"

#include "engine/event/field_lookup.hpp"
#include "engine/normalize/ecs_fields.hpp"
#include "engine/normalize/winlog_fields.hpp"

namespace vigil::engine {

bool is_security_process_create(const nlohmann::json& doc) {
  return is_channel(doc, kSecurityChannel) && winlog_event_id(doc) == 4688;
}

void normalize_security_process_create(nlohmann::json& doc) {
  const nlohmann::json& data = winlog_event_data_or_empty(doc);

  set_process_start(doc);
  set_field(doc, "event.action", "created-process");
  set_field(doc, "event.module", "security");
  set_field(doc, "event.kind", "event");
  set_field(doc, "event.code", "4688");

  if (const auto image = member_text(data, "NewProcessName")) set_executable(doc, "process", *image);
  copy_process_id(doc, data, "NewProcessId", "process");
  // Elastic splits 4688 command lines on blanks outside quotes and keeps the
  // quotes, so `powershell.exe -Command "Set-CASMailbox ..."` yields an
  // argument starting with a quote that no anchored process.args pattern
  // matches, while the same command via Sysmon does match. Vigil
  // deliberately uses the one CommandLineToArgvW splitter for both sources.
  if (const auto line = member_text(data, "CommandLine")) set_command_line(doc, "process", *line);
  if (const auto parent = member_text(data, "ParentProcessName")) set_executable(doc, "process.parent", *parent);
  copy_process_id(doc, data, "ProcessId", "process.parent");

  copy_text(doc, data, "SubjectUserSid", "user.id");
  copy_text(doc, data, "SubjectUserName", "user.name");
  copy_text(doc, data, "SubjectDomainName", "user.domain");

  default_windows_os(doc);
}

}  // namespace vigil::engine
