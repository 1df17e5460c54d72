#include "engine/rules/rule_definition_builder.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string_view>

#include "engine/rules/exception_reader.hpp"
#include "engine/rules/field_reader.hpp"
#include "engine/rules/relative_time.hpp"

namespace vigil::engine {
namespace {

// Kibana rule types that exist but that Vigil has no engine for.
constexpr std::array<std::string_view, 7> kSkippedTypes{
    "query", "saved_query", "threshold", "machine_learning", "new_terms", "esql", "threat_match"};

constexpr std::array<std::string_view, 4> kSeverities{"low", "medium", "high", "critical"};

// Keys every rule type shares; anything else on an aggregation rule is its own setting.
constexpr std::array<std::string_view, 25> kCommonKeys{
    "rule_id", "name", "description", "type", "language", "query", "index", "interval", "from", "to",
    "max_signals", "timestamp_override", "risk_score", "severity", "version", "tags", "references",
    "false_positives", "author", "license", "note", "setup", "threat", "exceptions", "enabled"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Reads an integer key and range-checks it; the default stays when the key is absent.
void read_bounded(FieldReader& fields, std::string_view key, Presence presence, std::int64_t min, std::int64_t max,
                  int& out) {
  const auto value = fields.integer(key, presence);
  if (!value) return;
  if (*value < min || *value > max) {
    fields.invalid(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", found " +
                            std::to_string(*value));
    return;
  }
  out = static_cast<int>(*value);
}

void read_string(FieldReader& fields, std::string_view key, Presence presence, std::string& out) {
  auto value = fields.string(key, presence);
  if (!value) return;
  if (presence == Presence::kRequired && value->empty()) fields.invalid(key, "must not be empty");
  out = std::move(*value);
}

void read_strings(FieldReader& fields, std::string_view key, std::vector<std::string>& out) {
  if (auto values = fields.strings(key)) out = std::move(*values);
}

// Reads "from" or "to": Kibana date math relative to the run's start. Returns
// the offset in effect (the default's when the key is absent), nullopt when invalid.
std::optional<TimeMs> read_date_math(FieldReader& fields, std::string_view key, std::string& out) {
  if (const auto value = fields.string(key)) {
    const auto offset = relative_offset(*value);
    if (offset && *offset <= 0) {
      out = *value;
      return offset;
    }
    fields.invalid(key, "must be date math at or before now, such as \"now-9m\", found \"" + *value + "\"");
    return std::nullopt;
  }
  return relative_offset(out);
}

void read_window(FieldReader& fields, RuleDefinition& rule) {
  if (auto interval = fields.string("interval")) {
    const auto ms = parse_duration(*interval);
    if (!ms || *ms <= 0) {
      fields.invalid("interval", "must be a positive duration such as \"5m\" (units ms, s, m, h, d), found \"" +
                                     *interval + "\"");
    } else {
      rule.interval = *ms;
    }
  }
  const auto from = read_date_math(fields, "from", rule.from);
  const auto to = read_date_math(fields, "to", rule.to);
  if (from && to && *from >= *to) {
    fields.invalid("from", "must be earlier than 'to' (\"" + rule.to + "\"), found \"" + rule.from + "\"");
  }
}

void read_descriptive(FieldReader& fields, RuleDefinition& rule) {
  read_strings(fields, "tags", rule.tags);
  read_strings(fields, "references", rule.references);
  read_strings(fields, "false_positives", rule.false_positives);
  read_strings(fields, "author", rule.author);
  read_string(fields, "license", Presence::kOptional, rule.license);
  read_string(fields, "note", Presence::kOptional, rule.note);
  read_string(fields, "setup", Presence::kOptional, rule.setup);
  if (const auto* threat = fields.array("threat")) rule.threat = *threat;
}

std::string rule_label(const nlohmann::json& fields) {
  for (const char* key : {"name", "rule_id"}) {
    if (auto it = fields.find(key); it != fields.end() && it->is_string()) return "\"" + it->get<std::string>() + "\"";
  }
  return "without a name";
}

}  // namespace

std::optional<RuleDefinition> build_rule_definition(const RuleSource& source, LoadResult& result) {
  FieldReader fields(source, JsonPointer(), result);
  RuleDefinition rule;
  rule.location = source.origin;

  const auto type = fields.string("type", Presence::kRequired);
  if (type && contains(kSkippedTypes, *type)) {
    result.add_warning(LoadCode::kUnsupportedRuleType, source.locate(fields.pointer("type")),
                       "rule " + rule_label(source.fields) + " has type \"" + *type +
                           "\", which Vigil does not run; skipped");
    return std::nullopt;
  }
  if (type && *type != "eql" && *type != "aggregation") {
    fields.invalid("type", "must be \"eql\" or \"aggregation\", found \"" + *type + "\"");
  }
  if (type) rule.type = *type;

  read_string(fields, "rule_id", Presence::kRequired, rule.rule_id);
  // Reserved: ingest matches kept for a rule's own use are stored under its
  // id, '#' and a suffix (detect/ingest_candidates.hpp).
  if (rule.rule_id.find('#') != std::string::npos) fields.invalid("rule_id", "must not contain '#'");
  read_string(fields, "name", Presence::kRequired, rule.name);
  read_string(fields, "description", Presence::kRequired, rule.description);

  if (auto language = fields.string("language")) {
    if (*language != "eql") fields.invalid("language", "must be \"eql\", found \"" + *language + "\"");
  }
  const auto query_presence = rule.type == "eql" ? Presence::kRequired : Presence::kOptional;
  if (auto query = fields.string("query", query_presence)) {
    rule.query = std::move(*query);
    rule.query_location = source.query_location;
  }
  read_strings(fields, "index", rule.index);
  if (auto override_field = fields.string("timestamp_override")) rule.timestamp_override = std::move(*override_field);
  read_window(fields, rule);

  constexpr auto kIntMax = std::numeric_limits<int>::max();
  read_bounded(fields, "max_signals", Presence::kOptional, 1, kIntMax, rule.max_signals);
  read_bounded(fields, "risk_score", Presence::kRequired, 0, 100, rule.risk_score);
  read_bounded(fields, "version", Presence::kOptional, 1, kIntMax, rule.version);
  if (auto severity = fields.string("severity", Presence::kRequired)) {
    if (contains(kSeverities, *severity)) {
      rule.severity = *severity;
    } else {
      fields.invalid("severity", "must be one of low, medium, high, critical, found \"" + *severity + "\"");
    }
  }
  if (auto enabled = fields.boolean("enabled")) rule.enabled = *enabled;
  read_descriptive(fields, rule);

  auto exceptions = read_exception_items(source, result);
  if (fields.failed() || !exceptions) return std::nullopt;
  rule.exceptions = std::move(*exceptions);

  if (rule.type == "aggregation") {
    for (const auto& [key, value] : source.fields.items()) {
      if (!contains(kCommonKeys, key)) rule.extra[key] = value;
    }
  }
  return rule;
}

}  // namespace vigil::engine
