#include "engine/detect/run_alignment.hpp"

#include "engine/analytics/aggregation_spec.hpp"

namespace vigil::engine::detect {
namespace {

// The rule's settle delay; an invalid one fails the run itself with the
// reason, so the default is good enough for scheduling it.
TimeMs settle_of(const RuleDefinition& rule) {
  const auto it = rule.extra.find("settle");
  if (it == rule.extra.end() || !it->is_string()) return analytics::kDefaultSettle;
  return parse_duration(it->get<std::string>()).value_or(analytics::kDefaultSettle);
}

}  // namespace

TimeMs next_run_time(const CompiledRule& rule, TimeMs now) {
  const TimeMs interval = rule.definition.interval;
  if (rule.definition.type != "aggregation") return now + interval;
  const TimeMs offset = settle_of(rule.definition) % interval;
  // The first boundary + offset strictly after now.
  const TimeMs base = now - offset;
  const TimeMs floor = base >= 0 ? base / interval * interval : (base - interval + 1) / interval * interval;
  return floor + interval + offset;
}

}  // namespace vigil::engine::detect
