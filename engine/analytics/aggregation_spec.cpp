#include "engine/analytics/aggregation_spec.hpp"

#include <algorithm>

#include "engine/analytics/settings_keys.hpp"

namespace vigil::engine::analytics {
namespace {

using namespace settings;

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
  read_followed_by(extra, spec);
  spec.alert_per = strings_key(extra, "alert_per", "alert_per");
  if (!spec.alert_per.empty() && !spec.followed_by) fail("alert_per", "needs followed_by: an episode starts at a follow-up");
  spec.value_sets = strings_key(extra, "value_sets", "value_sets");
  read_evidence(extra, extensions, spec);
  for (const auto& [name, check] : extensions.settings_checks) {
    if (auto error = check(extra, spec)) throw SettingsError(*error);
  }
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
  } catch (const SettingsError& error) {
    return std::string(error.what());
  }
}

}  // namespace vigil::engine::analytics
