#include "engine/analytics/aggregation_spec.hpp"

#include <algorithm>
#include <stdexcept>

namespace vigil::engine::analytics {
namespace {

// Thrown while reading, turned into the error value at the public boundary.
struct SpecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& key, const std::string& problem) {
  throw SpecError("'" + key + "' " + problem);
}

const nlohmann::json* optional_key(const nlohmann::json& table, const std::string& key) {
  const auto it = table.find(key);
  return it == table.end() ? nullptr : &*it;
}

std::string string_key(const nlohmann::json& table, const std::string& key, const std::string& label) {
  const auto* value = optional_key(table, key);
  if (value == nullptr) fail(label, "is required");
  if (!value->is_string() || value->get<std::string>().empty()) fail(label, "must be a non-empty string");
  return value->get<std::string>();
}

std::vector<std::string> strings_key(const nlohmann::json& table, const std::string& key, const std::string& label) {
  const auto* value = optional_key(table, key);
  if (value == nullptr) return {};
  if (!value->is_array()) fail(label, "must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : *value) {
    if (!item.is_string() || item.get<std::string>().empty()) fail(label, "must hold non-empty strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

TimeMs duration_key(const nlohmann::json& table, const std::string& key, const std::string& label, TimeMs fallback) {
  const auto* value = optional_key(table, key);
  if (value == nullptr) return fallback;
  const auto ms = value->is_string() ? parse_duration(value->get<std::string>()) : std::nullopt;
  if (!ms || *ms < 0) fail(label, "must be a duration such as \"1h\" or \"60s\"");
  return *ms;
}

eql::CompiledQuery condition(const std::string& text, const std::string& label) {
  auto compiled = eql::CompiledQuery::compile_condition(text, {.case_insensitive_fields = true});
  if (const auto* error = std::get_if<eql::ParseError>(&compiled)) {
    fail(label, "is not a valid EQL condition (line " + std::to_string(error->line) + ", column " +
                    std::to_string(error->column) + "): " + error->message);
  }
  return std::move(std::get<eql::CompiledQuery>(compiled));
}

void read_metric(const nlohmann::json& extra, AggregationSpec& spec) {
  const auto metric = string_key(extra, "metric", "metric");
  constexpr std::string_view kDistinct = "distinct_count(";
  if (metric.starts_with(kDistinct) && metric.ends_with(')') && metric.size() > kDistinct.size() + 1) {
    spec.distinct_field = metric.substr(kDistinct.size(), metric.size() - kDistinct.size() - 1);
  } else if (metric != "count") {
    fail("metric", "must be \"count\" or \"distinct_count(<field>)\", found \"" + metric + "\"");
  }
  const auto* threshold = optional_key(extra, "threshold");
  if (threshold == nullptr || !threshold->is_number_integer() || threshold->get<std::int64_t>() < 1) {
    fail("threshold", "must be an integer of at least 1");
  }
  spec.threshold = threshold->get<std::int64_t>();
  if (const auto* comparison = optional_key(extra, "comparison")) {
    if (*comparison == ">") {
      spec.strictly_greater = true;
    } else if (*comparison != ">=") {
      fail("comparison", "must be \">=\" or \">\"");
    }
  }
}

void read_checks(const nlohmann::json& extra, const AggregationExtensions& extensions, AggregationSpec& spec) {
  for (const auto& name : strings_key(extra, "checks", "checks")) {
    const auto* check = extensions.row_checks.find(name);
    if (check == nullptr) {
      const auto known = extensions.row_checks.quoted_names(", ");
      fail("checks", "has unknown check \"" + name + "\" (known: " + (known.empty() ? "none" : known) + ")");
    }
    spec.checks.push_back(*check);
  }
}

void read_evidence(const nlohmann::json& extra, const AggregationExtensions& extensions, AggregationSpec& spec) {
  const auto* evidence = optional_key(extra, "evidence");
  if (evidence == nullptr) return;
  const auto* kind = evidence->is_string() ? extensions.group_evidence.find(evidence->get<std::string>()) : nullptr;
  if (kind == nullptr) {
    const auto known = extensions.group_evidence.quoted_names(" or ");
    fail("evidence", known.empty() ? "names no known kind of evidence (none are registered)" : "must be " + known);
  }
  spec.evidence_name = evidence->get<std::string>();
  spec.evidence = *kind;
}

void read_schedule(const nlohmann::json& extra, AggregationSpec& spec) {
  spec.bin = duration_key(extra, "bin", "bin", 0);
  if (spec.bin <= 0 || kDayMs % spec.bin != 0) fail("bin", "must be a positive duration that divides a day");
  spec.settle = duration_key(extra, "settle", "settle", spec.settle);
  if (const auto* bins_back = optional_key(extra, "bins_back")) {
    if (!bins_back->is_number_integer() || *bins_back < 1 || *bins_back > 1000) {
      fail("bins_back", "must be an integer between 1 and 1000");
    }
    spec.bins_back = bins_back->get<int>();
  }
  spec.lookback = duration_key(extra, "lookback", "lookback", spec.lookback);
  if (spec.lookback < spec.bin) fail("lookback", "must be at least one bin");
}

void read_connector_changes(const nlohmann::json& extra, AggregationSpec& spec) {
  const auto* table = optional_key(extra, "connector_changes");
  if (table == nullptr) return;
  if (!table->is_object()) fail("connector_changes", "must be a table");
  ConnectorChanges changes;
  if (table->contains("field")) changes.field = string_key(*table, "field", "connector_changes.field");
  if (table->contains("dataset")) changes.dataset = string_key(*table, "dataset", "connector_changes.dataset");
  changes.lookback = duration_key(*table, "lookback", "connector_changes.lookback", changes.lookback);
  if (const auto* required = optional_key(*table, "required")) {
    if (!required->is_boolean()) fail("connector_changes.required", "must be a boolean");
    changes.required = required->get<bool>();
  }
  if (std::find(spec.group_by.begin(), spec.group_by.end(), changes.field) == spec.group_by.end()) {
    fail("connector_changes.field", "must be one of the group_by fields");
  }
  spec.connector_changes = std::move(changes);
}

void read_followed_by(const nlohmann::json& extra, AggregationSpec& spec) {
  const auto* table = optional_key(extra, "followed_by");
  if (table == nullptr) return;
  if (!table->is_object()) fail("followed_by", "must be a table");
  FollowedBy follow;
  follow.filter = condition(string_key(*table, "filter", "followed_by.filter"), "followed_by.filter");
  follow.same = strings_key(*table, "same", "followed_by.same");
  for (const auto& field : follow.same) {
    if (std::find(spec.group_by.begin(), spec.group_by.end(), field) == spec.group_by.end()) {
      fail("followed_by.same", "must name group_by fields, found \"" + field + "\"");
    }
  }
  follow.within = duration_key(*table, "within", "followed_by.within", 0);
  if (follow.within <= 0) fail("followed_by.within", "is required and must be positive");
  spec.followed_by = std::move(follow);
}

AggregationSpec read(const nlohmann::json& extra, const AggregationExtensions& extensions) {
  AggregationSpec spec;
  spec.dataset = string_key(extra, "dataset", "dataset");
  if (const auto* filter = optional_key(extra, "filter")) {
    if (!filter->is_string()) fail("filter", "must be a string");
    spec.filter = condition(filter->get<std::string>(), "filter");
  }
  spec.non_empty = strings_key(extra, "non_empty", "non_empty");
  read_checks(extra, extensions, spec);
  spec.group_by = strings_key(extra, "group_by", "group_by");
  if (spec.group_by.empty()) fail("group_by", "must name at least one field");
  spec.multi_valued = strings_key(extra, "multi_valued", "multi_valued");
  for (const auto& field : spec.multi_valued) {
    if (std::find(spec.group_by.begin(), spec.group_by.end(), field) == spec.group_by.end()) {
      fail("multi_valued", "must name group_by fields, found \"" + field + "\"");
    }
  }
  read_schedule(extra, spec);
  read_metric(extra, spec);
  read_connector_changes(extra, spec);
  read_followed_by(extra, spec);
  spec.alert_per = strings_key(extra, "alert_per", "alert_per");
  if (!spec.alert_per.empty() && !spec.followed_by) fail("alert_per", "needs followed_by: an episode starts at a follow-up");
  spec.value_sets = strings_key(extra, "value_sets", "value_sets");
  read_evidence(extra, extensions, spec);
  spec.remediation = strings_key(extra, "remediation", "remediation");
  return spec;
}

}  // namespace

std::string AggregationSpec::metric_name() const {
  return distinct_field ? "distinct_count(" + *distinct_field + ")" : "count";
}

bool AggregationSpec::meets_threshold(std::int64_t value) const {
  return strictly_greater ? value > threshold : value >= threshold;
}

std::variant<AggregationSpec, std::string> read_aggregation_spec(const nlohmann::json& extra,
                                                                 const AggregationExtensions& extensions) {
  try {
    return read(extra, extensions);
  } catch (const SpecError& error) {
    return std::string(error.what());
  }
}

}  // namespace vigil::engine::analytics
