#include "engine/normalize/defender_normalizer.hpp"

#include <array>
#include <string_view>

#include "engine/event/field_lookup.hpp"
#include "engine/normalize/ecs_fields.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine {
namespace {

constexpr std::string_view kCategoryPrefix = "AdvancedHunting-";
constexpr std::string_view kProcessTable = "DeviceProcessEvents";

// Columns the Advanced Hunting schemas type as `dynamic`, which reach us as
// JSON from some shippers and as JSON text from others (Elastic's pipeline
// json-decodes the same set). Other columns are left as typed: decoding any
// text that happens to parse would let an attacker-chosen Subject change type.
constexpr std::array<std::string_view, 9> kDynamicColumns = {
    "ActivityObjects", "AdditionalFields", "AuthenticationDetails", "IPTags",       "LastSeenForUser",
    "RawEventData",    "SessionData",      "UncommonForUser",       "UserAgentTags"};

// A column that holds a value: Advanced Hunting unions and exports carry
// every column of every table, empty where it does not apply.
bool has_value(const nlohmann::json& row, std::string_view column) {
  const auto it = row.find(column);
  return it != row.end() && !it->is_null() && !(it->is_string() && it->get_ref<const std::string&>().empty());
}

std::string take_stream_envelope(nlohmann::json& doc) {
  nlohmann::json row = std::move(doc["properties"]);
  doc.erase("properties");
  std::string table = doc["category"].get<std::string>().substr(kCategoryPrefix.size());
  doc["table"] = table;
  nlohmann::json envelope = std::move(doc);
  doc = std::move(row);
  doc["defender"] = std::move(envelope);
  return table;
}

void decode_dynamic_columns(nlohmann::json& doc) {
  for (const auto column : kDynamicColumns) {
    const auto it = doc.find(column);
    if (it == doc.end() || !it->is_string()) continue;
    const auto& text = it->get_ref<const std::string&>();
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || (text[first] != '{' && text[first] != '[')) continue;
    auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) *it = std::move(parsed);
  }
}

// Exchange cmdlets audited in CloudAppEvents carry their parameters as
// RawEventData.Parameters, a list of {"Name","Value"}. EQL reaches no field
// inside a list of objects (Elasticsearch would, through its flattened
// mapping), so the names are also listed in defender.parameter_names, for
// rules such as `defender.parameter_names : "ActiveSyncAllowedDeviceIDs"`.
void list_parameter_names(nlohmann::json& doc) {
  const auto raw = doc.find("RawEventData");
  if (raw == doc.end() || !raw->is_object()) return;
  const auto parameters = raw->find("Parameters");
  if (parameters == raw->end() || !parameters->is_array()) return;
  auto names = nlohmann::json::array();
  for (const auto& parameter : *parameters) {
    if (!parameter.is_object()) continue;
    const auto name = parameter.find("Name");
    if (name != parameter.end() && name->is_string()) names.push_back(*name);
  }
  if (!names.empty()) set_field(doc, "defender.parameter_names", std::move(names));
}

void set_timestamp(nlohmann::json& doc) {
  // Timestamp is when the event happened; the envelope's time, when Defender
  // received it, is the only time some records (EmailPostDeliveryEvents in
  // Elastic's samples) carry.
  for (const auto path : {"Timestamp", "defender.time"}) {
    const auto* value = find_field(doc, path);
    if (value == nullptr || !value->is_string()) continue;
    if (const auto t = parse_timestamp(value->get_ref<const std::string&>())) {
      set_field(doc, "@timestamp", format_timestamp(*t));
      return;
    }
  }
}

bool is_posix_path(const nlohmann::json& row, std::string_view column) {
  const auto text = member_text(row, column);
  return text && text->front() == '/';
}

// The mapping of Elastic's pipeline_device.yml for process creation.
void add_process_start(nlohmann::json& doc) {
  const nlohmann::json row = doc;  // the source must not alias the document written to
  set_process_start(doc);
  copy_text(doc, row, "FileName", "process.name");
  copy_text(doc, row, "FolderPath", "process.executable");
  if (const auto line = member_text(row, "ProcessCommandLine")) set_command_line(doc, "process", *line);
  copy_process_id(doc, row, "ProcessId", "process");
  copy_text(doc, row, "ProcessVersionInfoOriginalFileName", "process.pe.original_file_name");
  copy_text(doc, row, "SHA1", "process.hash.sha1");
  copy_text(doc, row, "SHA256", "process.hash.sha256");
  copy_text(doc, row, "MD5", "process.hash.md5");

  copy_text(doc, row, "InitiatingProcessFileName", "process.parent.name");
  copy_text(doc, row, "InitiatingProcessFolderPath", "process.parent.executable");
  if (const auto line = member_text(row, "InitiatingProcessCommandLine"))
    set_command_line(doc, "process.parent", *line);
  copy_process_id(doc, row, "InitiatingProcessId", "process.parent");

  copy_text(doc, row, "DeviceName", "host.name");
  copy_text(doc, row, "DeviceId", "host.id");
  copy_text(doc, row, "AccountName", "user.name");
  copy_text(doc, row, "AccountDomain", "user.domain");
  copy_text(doc, row, "AccountSid", "user.id");

  // The table has no OSPlatform column and Defender for Endpoint also runs
  // on macOS and Linux (the live capture is a Mac): a POSIX path says the
  // device is not Windows. Elastic instead keys on InitiatingProcessAccountSid,
  // which macOS records carry too.
  const bool posix = is_posix_path(row, "FolderPath") ||
                     (!has_value(row, "FolderPath") && is_posix_path(row, "InitiatingProcessFolderPath"));
  if (!posix) default_windows_os(doc);
}

}  // namespace

bool is_defender_stream_record(const nlohmann::json& doc) {
  if (!doc.is_object()) return false;
  const auto category = doc.find("category");
  const auto properties = doc.find("properties");
  return category != doc.end() && category->is_string() &&
         category->get_ref<const std::string&>().starts_with(kCategoryPrefix) && properties != doc.end() &&
         properties->is_object();
}

std::optional<std::string> infer_defender_table(const nlohmann::json& row) {
  if (!row.is_object()) return std::nullopt;
  if (member_text(row, "ActionType") == "ProcessCreated" && has_value(row, "FileName"))
    return std::string(kProcessTable);
  if (has_value(row, "NetworkMessageId") && has_value(row, "EmailDirection") && has_value(row, "SenderFromAddress"))
    return "EmailEvents";
  if (has_value(row, "Application") && has_value(row, "ActivityType") &&
      (has_value(row, "RawEventData") || has_value(row, "ActivityObjects")))
    return "CloudAppEvents";
  // DeviceLogonEvents has LogonType and Protocol too, but always a DeviceId.
  if (has_value(row, "LogonType") && has_value(row, "Protocol") && !has_value(row, "DeviceId"))
    return "IdentityLogonEvents";
  return std::nullopt;
}

DefenderOutcome normalize_defender(nlohmann::json& doc) {
  DefenderOutcome outcome;
  if (is_defender_stream_record(doc)) {
    outcome.table = take_stream_envelope(doc);
  } else if (auto table = infer_defender_table(doc)) {
    outcome.table = std::move(*table);
    set_field(doc, "defender.table", outcome.table);
  }
  decode_dynamic_columns(doc);
  list_parameter_names(doc);
  set_timestamp(doc);
  set_field(doc, "event.dataset", "m365_defender." + (outcome.table.empty() ? std::string("event") : outcome.table));
  set_field(doc, "event.module", "m365_defender");
  set_field(doc, "event.kind", "event");
  outcome.process_start = outcome.table == kProcessTable && member_text(doc, "ActionType") == "ProcessCreated";
  if (outcome.process_start) add_process_start(doc);
  return outcome;
}

}  // namespace vigil::engine
