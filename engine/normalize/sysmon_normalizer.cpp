#include "engine/normalize/sysmon_normalizer.hpp"

#include "engine/event/field_lookup.hpp"
#include "engine/normalize/ecs_fields.hpp"
#include "engine/normalize/winlog_fields.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine {

bool is_sysmon_process_create(const nlohmann::json& doc) {
  return is_channel(doc, kSysmonChannel) && winlog_event_id(doc) == 1;
}

void normalize_sysmon_process_create(nlohmann::json& doc) {
  const nlohmann::json& data = winlog_event_data_or_empty(doc);

  set_process_start(doc);
  set_field(doc, "event.module", "sysmon");
  set_field(doc, "event.kind", "event");
  set_field(doc, "event.code", "1");
  // Elastic's pipeline names the action this way; Sysmon's own task name
  // "Process Create (rule: ProcessCreate)" stays in the event's metadata.
  set_field(doc, "event.action", "Process creation");

  if (const auto utc = member_text(data, "UtcTime")) {
    if (const auto t = parse_timestamp(*utc)) set_field(doc, "@timestamp", format_timestamp(*t));
  }

  if (const auto image = member_text(data, "Image")) set_executable(doc, "process", *image);
  if (const auto line = member_text(data, "CommandLine")) set_command_line(doc, "process", *line);
  copy_process_id(doc, data, "ProcessId", "process");
  copy_text(doc, data, "ProcessGuid", "process.entity_id");
  copy_text(doc, data, "CurrentDirectory", "process.working_directory");
  copy_text(doc, data, "OriginalFileName", "process.pe.original_file_name");
  copy_text(doc, data, "Company", "process.pe.company");
  copy_text(doc, data, "Description", "process.pe.description");
  copy_text(doc, data, "FileVersion", "process.pe.file_version");
  copy_text(doc, data, "Product", "process.pe.product");
  if (const auto hashes = member_text(data, "Hashes")) set_hashes(doc, "process", *hashes);

  if (const auto image = member_text(data, "ParentImage")) set_executable(doc, "process.parent", *image);
  if (const auto line = member_text(data, "ParentCommandLine")) set_command_line(doc, "process.parent", *line);
  copy_process_id(doc, data, "ParentProcessId", "process.parent");
  copy_text(doc, data, "ParentProcessGuid", "process.parent.entity_id");

  if (const auto user = member_text(data, "User")) set_user_from_account(doc, *user);
  // Elastic takes user.id from the event's security identifier, which for
  // Sysmon is the service's own account (usually S-1-5-18), not the user
  // who started the process. Kept for parity: rules are written against it.
  if (const auto* sid = find_field(doc, "winlog.user.identifier"); sid != nullptr && sid->is_string())
    set_field(doc, "user.id", *sid);

  default_windows_os(doc);
}

}  // namespace vigil::engine
