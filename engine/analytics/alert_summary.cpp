#include "engine/analytics/alert_summary.hpp"

#include <algorithm>
#include <set>

#include "engine/analytics/column.hpp"

namespace vigil::engine::analytics {
namespace {

bool same_burst(const nlohmann::json& a, const nlohmann::json& b) {
  return a["group"] == b["group"] && a["bin"]["start"] == b["bin"]["start"];
}

std::string key_text(const nlohmann::json& key) {
  std::string text;
  for (const auto& [field, value] : key.items()) {
    if (!text.empty()) text += ", ";
    text += field + " " + value.get<std::string>();
  }
  return text;
}

// Each group field outside the key, with the values its bursts and their
// follow-ups had, in order of appearance.
nlohmann::json value_sets(const AggregationSpec& spec, const nlohmann::json& key,
                          const std::vector<nlohmann::json>& bursts) {
  auto sets = nlohmann::json::object();
  for (const auto& field : spec.group_by) {
    if (key.contains(field)) continue;
    auto values = nlohmann::json::array();
    const auto add = [&](const std::optional<std::string>& value) {
      if (value && std::find(values.begin(), values.end(), *value) == values.end()) values.push_back(*value);
    };
    for (const auto& burst : bursts) {
      add(value_text(burst["group"].value(field, nlohmann::json())));
      add(column_text(burst["success"]["event"], field));
    }
    if (!values.empty()) sets[field] = std::move(values);
  }
  return sets;
}

}  // namespace

nlohmann::json burst_of(const nlohmann::json& part, std::int64_t successes) {
  const auto& follow_up = part["followed_by"];
  return {{"group", part["group"]},
          {"bin", part["bin"]},
          {"failed", part["metric"]["value"]},
          {"first_event", part["first_event"]},
          {"last_event", part["last_event"]},
          {"success",
           {{"time", follow_up["time"]},
            {"ReportId", column_text(follow_up["event"], "ReportId").value_or("")},
            {"count", successes},
            {"event", follow_up["event"]}}}};
}

nlohmann::json summary_key(const AggregationSpec& spec, const nlohmann::json& part) {
  auto key = nlohmann::json::object();
  for (const auto& field : spec.alert_per) {
    const auto& group = part["group"];
    key[field] = group.contains(field) ? group[field].get<std::string>()
                                       : column_text(part["followed_by"]["event"], field).value_or("");
  }
  return key;
}

TimeMs success_time(const nlohmann::json& burst) {
  return parse_timestamp(burst["success"]["time"].get<std::string>()).value_or(0);
}

std::vector<nlohmann::json> merge_bursts(const nlohmann::json& stored, const std::vector<nlohmann::json>& fresh) {
  std::vector<nlohmann::json> merged = fresh;
  if (stored.is_array()) {
    for (const auto& burst : stored) {
      const auto replaced = [&](const nlohmann::json& f) { return same_burst(f, burst); };
      if (std::none_of(fresh.begin(), fresh.end(), replaced)) merged.push_back(burst);
    }
  }
  std::stable_sort(merged.begin(), merged.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return success_time(a) < success_time(b);
  });
  return merged;
}

Alert summary_alert(const RuleDefinition& rule, const AggregationSpec& spec, const nlohmann::json& key,
                    const std::vector<nlohmann::json>& bursts, Alert part, std::string id) {
  std::int64_t failed = 0;
  std::int64_t successes = 0;
  std::set<std::string> report_ids;
  std::string first_event = bursts.front()["first_event"];
  std::string last_event = bursts.front()["last_event"];
  for (const auto& burst : bursts) {
    failed += burst["failed"].get<std::int64_t>();
    successes += burst["success"]["count"].get<std::int64_t>();
    first_event = std::min(first_event, burst["first_event"].get<std::string>());  // RFC 3339, fixed width
    last_event = std::max(last_event, burst["last_event"].get<std::string>());
  }
  const auto& first = bursts.front()["success"];
  const TimeMs first_time = success_time(bursts.front());

  Alert alert = std::move(part);
  alert.id = std::move(id);
  alert.original_time = first_time;
  auto& doc = alert.document;
  doc["id"] = alert.id;
  doc["original_time"] = first["time"];
  doc["group"] = key;
  doc["bin"] = {{"start", bursts.front()["bin"]["start"]}, {"end", bursts.back()["bin"]["end"]}};
  doc["metric"]["value"] = failed;
  doc["first_event"] = first_event;
  doc["last_event"] = last_event;
  doc["followed_by"] = {{"time", first["time"]}, {"event", first["event"]}};
  doc["first_success"] = {{"time", first["time"]}, {"ReportId", first["ReportId"]}};
  doc["counts"] = {{"failed", failed}, {"success", successes}};
  doc["sets"] = value_sets(spec, key, bursts);
  doc["bursts"] = bursts;
  doc["reason"] = spec.metric_name() + " " + std::to_string(failed) + " in " + std::to_string(bursts.size()) +
                  " bins over threshold (" + (spec.strictly_greater ? "> " : ">= ") + std::to_string(spec.threshold) +
                  " per bin), followed by " + std::to_string(successes) + " matching events, for " + key_text(key) +
                  ", first at " + first["time"].get<std::string>() + " created " + rule.severity + " alert " +
                  rule.name + ".";
  return alert;
}

}  // namespace vigil::engine::analytics
