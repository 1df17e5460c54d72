#include "engine/detect/aggregation_executor.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "engine/analytics/aggregation_evidence.hpp"
#include "engine/analytics/bin_plan.hpp"
#include "engine/analytics/column.hpp"
#include "engine/analytics/connector_change.hpp"
#include "engine/analytics/group_facts.hpp"
#include "engine/analytics/mail_checks.hpp"
#include "engine/detect/eql_executor.hpp"
#include "engine/detect/sha256.hpp"
#include "engine/event/json_parse.hpp"

namespace vigil::engine::detect {
namespace {

using analytics::AggregationSpec;
using analytics::Bin;
using analytics::ConnectorChange;
using analytics::GroupFacts;

// Connector operations by lowercased connector name (Exchange names are
// case-insensitive), oldest first.
using ChangeIndex = std::unordered_map<std::string, std::vector<ConnectorChange>>;

// A follow-up candidate: its time, and its `same` fields' values.
struct FollowUp {
  TimeMs time;
  std::vector<std::string> key;
  nlohmann::json row;
};

struct GroupKey {
  TimeMs bin_start;
  std::string group;  // the group object as compact JSON
  auto operator<=>(const GroupKey&) const = default;
};

struct Group {
  nlohmann::json object;
  GroupFacts facts;
};

EventQuery dataset_query(const CompiledRule& rule, std::string dataset, TimeMs start, TimeMs end) {
  EventQuery query;
  for (const auto& pattern : rule.definition.index) {
    if (!pattern.starts_with('-')) query.index_patterns.push_back(pattern);
  }
  query.start = start;
  query.end = end;
  query.dataset = std::move(dataset);
  return query;
}

// Reads every stored row of `query` that parses, with its time.
template <typename Visit>
void scan_rows(EventStore& events, const CompiledRule& rule, const EventQuery& query, Visit visit) {
  events.scan(query, [&](const StoredEvent& event) {
    if (!rule.indices.selects(event.index) || !event.timestamp) return true;
    const auto row = parse_json(event.document, /*allow_exceptions=*/false);
    if (row.is_object()) visit(row, *event.timestamp);
    return true;
  });
}

std::vector<ConnectorChange> changes_before(const ChangeIndex& index, const std::string& name, TimeMs end,
                                            TimeMs lookback) {
  std::vector<ConnectorChange> found;
  const auto it = index.find(analytics::lowercase(name));
  if (it == index.end()) return found;
  for (const auto& change : it->second) {
    if (change.time >= end - lookback && change.time < end) found.push_back(change);
  }
  return found;
}

bool passes_row_tests(const AggregationSpec& spec, const nlohmann::json& row) {
  for (const auto& column : spec.non_empty) {
    if (!analytics::column_text(row, column)) return false;
  }
  for (const auto check : spec.checks) {
    if (!analytics::passes(row, check)) return false;
  }
  return !spec.filter || spec.filter->matches(row);
}

// The group objects a row belongs to: one value per group-by field, or one
// per entry of a multi-valued field. A missing value groups as "", as KQL's
// summarize does.
std::vector<nlohmann::json> groups_of(const AggregationSpec& spec, const nlohmann::json& row, const Bin& bin,
                                      const ChangeIndex& changes) {
  std::vector<nlohmann::json> groups{nlohmann::json::object()};
  for (const auto& field : spec.group_by) {
    const auto text = analytics::column_text(row, field).value_or("");
    const bool multi = std::find(spec.multi_valued.begin(), spec.multi_valued.end(), field) != spec.multi_valued.end();
    auto values = multi ? analytics::split_list(text) : std::vector<std::string>{text};
    if (spec.connector_changes && spec.connector_changes->required && spec.connector_changes->field == field) {
      std::erase_if(values, [&](const std::string& name) {
        return changes_before(changes, name, bin.end, spec.connector_changes->lookback).empty();
      });
    }
    std::vector<nlohmann::json> expanded;
    for (const auto& group : groups) {
      for (const auto& value : values) {
        auto next = group;
        next[field] = value;
        expanded.push_back(std::move(next));
      }
    }
    groups = std::move(expanded);
  }
  return groups;
}

std::vector<std::string> follow_key(const std::vector<std::string>& fields, const nlohmann::json& source) {
  std::vector<std::string> key;
  for (const auto& field : fields) key.push_back(analytics::column_text(source, field).value_or(""));
  return key;
}

// The earliest follow-up within [last, last + within] sharing the group's `same` values.
const FollowUp* follow_up_for(const AggregationSpec& spec, const std::vector<FollowUp>& candidates,
                              const Group& group) {
  const auto key = follow_key(spec.followed_by->same, group.object);
  const TimeMs last = group.facts.last();
  for (const auto& candidate : candidates) {
    if (candidate.time >= last && candidate.time <= last + spec.followed_by->within && candidate.key == key) {
      return &candidate;
    }
  }
  return nullptr;
}

}  // namespace

std::string aggregation_alert_id(std::string_view rule_id, const nlohmann::json& group, TimeMs bin_start) {
  std::string key(rule_id);
  key.append("\n").append(group.dump()).append("\n").append(std::to_string(bin_start));
  return sha256_hex(key);
}

std::shared_ptr<const AggregationSpec> AggregationExecutor::spec_for(const CompiledRule& rule) {
  std::lock_guard lock(specs_mutex_);
  auto& cached = specs_[rule.definition.rule_id];
  if (!cached.spec || cached.settings != rule.definition.extra) {
    auto read = analytics::read_aggregation_spec(rule.definition.extra);
    if (const auto* error = std::get_if<std::string>(&read)) {
      specs_.erase(rule.definition.rule_id);
      throw std::invalid_argument("invalid aggregation settings: " + *error);
    }
    cached = {rule.definition.extra,
              std::make_shared<const AggregationSpec>(std::move(std::get<AggregationSpec>(read)))};
  }
  return cached.spec;
}

std::vector<Alert> AggregationExecutor::execute(const CompiledRule& rule, const RunWindow& window, TimeMs created_at,
                                                RunRecord& run) {
  const auto spec_ptr = spec_for(rule);
  const auto& spec = *spec_ptr;
  const auto bins = analytics::bins_to_evaluate(window.start, window.end, created_at, spec);
  if (bins.empty()) return {};
  const TimeMs bins_end = bins.back().end;

  ChangeIndex changes;
  if (spec.connector_changes) {
    const auto query = dataset_query(rule, spec.connector_changes->dataset,
                                     bins.front().end - spec.connector_changes->lookback, bins_end - 1);
    scan_rows(events_, rule, query, [&](const nlohmann::json& row, TimeMs) {
      if (auto change = analytics::read_connector_change(row)) {
        changes[analytics::lowercase(change->name)].push_back(std::move(*change));
      }
    });
  }

  std::map<GroupKey, Group> groups;
  std::vector<FollowUp> follow_ups;
  const TimeMs follow = spec.followed_by ? spec.followed_by->within : 0;
  scan_rows(events_, rule, dataset_query(rule, spec.dataset, bins.front().start, bins_end - 1 + follow),
            [&](const nlohmann::json& row, TimeMs t) {
              ++run.events_scanned;
              if (spec.followed_by && spec.followed_by->filter->matches(row)) {
                follow_ups.push_back({t, follow_key(spec.followed_by->same, row), row});
              }
              if (t >= bins_end || !passes_row_tests(spec, row)) return;
              ++run.matches;
              if (rule.exceptions.excepts(row)) {
                ++run.excepted;
                return;
              }
              const auto bin = analytics::bin_of(t, spec.bin);
              for (auto& object : groups_of(spec, row, bin, changes)) {
                auto& group = groups[GroupKey{bin.start, object.dump()}];
                if (group.object.is_null()) group.object = std::move(object);
                group.facts.add(row, t, spec);
              }
            });

  std::vector<Alert> alerts;
  for (const auto& [key, group] : groups) {
    if (!spec.meets_threshold(group.facts.metric())) continue;
    analytics::GroupFinding finding{group.object, analytics::bin_of(key.bin_start, spec.bin), &group.facts, {}, {}, {}};
    if (spec.followed_by) {
      const auto* next = follow_up_for(spec, follow_ups, group);
      if (next == nullptr) continue;
      finding.follow_up = next->row;
      finding.follow_up_time = next->time;
    }
    if (spec.connector_changes) {
      const auto name = group.object.value(spec.connector_changes->field, "");
      finding.connector_history = changes_before(changes, name, finding.bin.end, spec.connector_changes->lookback);
    }
    alerts.push_back(analytics::build_aggregation_alert(
        rule.definition, spec, finding, aggregation_alert_id(rule.definition.rule_id, group.object, key.bin_start),
        created_at));
  }

  const auto limit = static_cast<std::size_t>(rule.definition.max_signals);
  if (alerts.size() > limit) {
    std::stable_sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) {
      const auto value = [](const Alert& x) { return x.document["metric"]["value"].get<std::int64_t>(); };
      return a.original_time != b.original_time ? a.original_time > b.original_time : value(a) > value(b);
    });
    alerts.resize(limit);
    run.truncated = true;
    run.status = "partial";
    run.warnings.emplace_back(kMaxSignalsWarning);
  }
  return alerts;
}

}  // namespace vigil::engine::detect
