#include "engine/normalize/normalizer.hpp"

#include <array>
#include <string_view>
#include <utility>

#include "engine/text/ascii.hpp"
#include "engine/event/field_lookup.hpp"
#include "engine/normalize/defender_normalizer.hpp"
#include "engine/normalize/ecs_fields.hpp"
#include "engine/normalize/security_normalizer.hpp"
#include "engine/normalize/sysmon_normalizer.hpp"
#include "engine/normalize/winlog_fields.hpp"

namespace vigil::engine {
namespace {

constexpr std::string_view kDefenderDataset = "m365_defender.event";
constexpr std::string_view kUnknownDataset = "vigil.unknown";

// The datasets Elastic's integrations give each channel, so that a Vigil
// index has the name the same data has in Elasticsearch.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kChannelDatasets = {{
    {kSysmonChannel, "windows.sysmon_operational"},
    {kSecurityChannel, "system.security"},
    {"System", "system.system"},
    {"Application", "system.application"},
    {"Windows PowerShell", "windows.powershell"},
    {"Microsoft-Windows-PowerShell/Operational", "windows.powershell_operational"},
    {"ForwardedEvents", "windows.forwarded"},
}};

std::string channel_dataset(const nlohmann::json& doc) {
  const auto channel = winlog_channel(doc);
  if (!channel) return std::string(kUnknownDataset);
  for (const auto& [name, dataset] : kChannelDatasets)
    if (text::equals_ascii_ci(*channel, name)) return std::string(dataset);
  return "winlog.winlog";  // Elastic Agent's custom Windows event-log integration
}

bool is_ecs(const nlohmann::json& doc) {
  for (const auto path : {"event.category", "process.name", "process.executable", "process.command_line", "process.pid",
                          "m365_defender"}) {
    const auto* value = find_field(doc, path);
    if (value != nullptr && !value->is_null()) return true;
  }
  return false;
}

bool is_winlog(const nlohmann::json& doc) {
  return winlog_channel(doc).has_value() || winlog_event_data(doc) != nullptr;
}

bool is_defender_row(const nlohmann::json& doc, SourceHint hint) {
  if (hint == SourceHint::kDefender) return true;
  return doc.contains("Timestamp") && doc.contains("ReportId") && infer_defender_table(doc).has_value();
}

// Index names must be lowercase, and a data stream's dataset may not hold
// the '-' that separates its parts.
std::string index_for(std::string_view dataset) {
  std::string index = "logs-";
  for (const char c : dataset) {
    const auto lower = text::ascii_lower(c);
    const bool safe = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '.' || lower == '_';
    index += safe ? lower : '_';
  }
  return index + "-vigil";
}

std::string string_field(const nlohmann::json& doc, std::string_view path) {
  const auto* value = find_field(doc, path);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

void set_dataset_if_absent(nlohmann::json& doc, const std::string& dataset) {
  if (string_field(doc, "event.dataset").empty()) set_field(doc, "event.dataset", dataset);
}

void classify(Normalized& out, SourceHint hint) {
  auto& doc = out.document;
  const auto defender = [&] {
    const auto outcome = normalize_defender(doc);
    out.shape = outcome.process_start ? EventShape::kDefenderProcess : EventShape::kDefenderTable;
    out.dataset = string_field(doc, "event.dataset");
    out.default_index = index_for(kDefenderDataset);
  };

  if (is_defender_stream_record(doc)) return defender();
  if (is_ecs(doc)) {
    out.shape = EventShape::kEcs;
    out.dataset = string_field(doc, "event.dataset");
    if (out.dataset.empty()) out.dataset = channel_dataset(doc);
    out.default_index = index_for(out.dataset);
    return;
  }
  if (is_winlog(doc)) {
    const auto id = winlog_event_id(doc);
    const bool data = winlog_event_data(doc) != nullptr;
    if (is_sysmon_process_create(doc) || (hint == SourceHint::kSysmon && id == 1 && data)) {
      normalize_sysmon_process_create(doc);
      out.shape = EventShape::kSysmonProcessCreate;
      out.dataset = "windows.sysmon_operational";
    } else if (is_security_process_create(doc) || (hint == SourceHint::kSecurity && id == 4688 && data)) {
      normalize_security_process_create(doc);
      out.shape = EventShape::kSecurity4688;
      out.dataset = "system.security";
    } else {
      out.shape = EventShape::kWinlogOther;
      out.dataset = channel_dataset(doc);
    }
    set_dataset_if_absent(doc, out.dataset);
    out.default_index = index_for(out.dataset);
    return;
  }
  if (is_defender_row(doc, hint)) return defender();
  out.shape = EventShape::kUnknown;
  out.dataset = std::string(kUnknownDataset);
  out.default_index = index_for(out.dataset);
}

std::vector<std::string> categories_of(const nlohmann::json& doc) {
  std::vector<std::string> categories;
  const auto* value = find_field(doc, "event.category");
  if (value == nullptr) return categories;
  if (value->is_string()) categories.push_back(value->get<std::string>());
  if (value->is_array())
    for (const auto& item : *value)
      if (item.is_string()) categories.push_back(item.get<std::string>());
  return categories;
}

std::optional<TimeMs> timestamp_at(const nlohmann::json& doc, std::string_view path) {
  const auto* value = find_field(doc, path);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return parse_timestamp(value->get_ref<const std::string&>());
}

}  // namespace

Normalized normalize(nlohmann::json raw, TimeMs received_at, SourceHint hint) {
  Normalized out;
  if (!raw.is_object()) {
    const std::string original =
        raw.is_string() ? raw.get<std::string>() : raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    raw = nlohmann::json{{"event", {{"original", original}}}};
  }
  out.document = std::move(raw);
  classify(out, hint);
  out.recognised = out.shape != EventShape::kUnknown;

  auto& doc = out.document;
  if (winlog_channel(doc)) default_windows_os(doc);
  out.categories = categories_of(doc);
  // A time far ahead of the arrival would put the event past retention
  // (9999-12-31 is never "older than 8 days") and outside every rule window
  // until then: it is filed at its arrival; the document keeps its own.
  const auto filed = [&](TimeMs t) { return t > received_at + kFutureTimeTolerance ? received_at : t; };
  out.timestamp = timestamp_at(doc, "@timestamp");
  if (out.timestamp) out.timestamp = filed(*out.timestamp);
  if (const auto ingested = timestamp_at(doc, "event.ingested")) {
    out.ingested = filed(*ingested);
  } else {
    out.ingested = received_at;
    set_field(doc, "event.ingested", format_timestamp(received_at));
  }
  return out;
}

bool recognises(const nlohmann::json& raw, SourceHint hint) {
  // The predicates classify() tries, in its order; what is no object is
  // wrapped in one that only the Defender hint takes for a row.
  if (!raw.is_object()) return hint == SourceHint::kDefender;
  return is_defender_stream_record(raw) || is_ecs(raw) || is_winlog(raw) || is_defender_row(raw, hint);
}

std::vector<nlohmann::json> unwrap_records(nlohmann::json body) {
  nlohmann::json* list = nullptr;
  if (body.is_array()) {
    list = &body;
  } else if (body.is_object()) {
    const auto records = body.find("records");
    if (body.size() == 1 && records != body.end() && records->is_array()) list = &*records;
    for (const auto& [schema, results] : {std::pair{"Schema", "Results"}, std::pair{"schema", "results"}}) {
      const auto rows = body.find(results);
      if (list == nullptr && body.contains(schema) && rows != body.end() && rows->is_array()) list = &*rows;
    }
  }
  std::vector<nlohmann::json> events;
  if (list == nullptr) {
    events.push_back(std::move(body));
    return events;
  }
  events.reserve(list->size());
  for (auto& event : *list) events.push_back(std::move(event));
  return events;
}

}  // namespace vigil::engine
