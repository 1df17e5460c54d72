#include "engine/detect/aggregation_findings.hpp"

#include <algorithm>

namespace vigil::engine::detect {

std::vector<FoundGroup> groups_over_threshold(const Groups& groups, const analytics::AggregationSpec& spec) {
  std::vector<FoundGroup> found;
  for (const auto& [bin_start, bin_groups] : groups) {
    const auto first = found.size();
    for (const auto& group : bin_groups.groups) {
      // The metric never exceeds the rows: most groups are settled without counting.
      if (spec.meets_threshold(group.facts.rows()) && spec.meets_threshold(group.facts.metric())) {
        auto object = group_object(spec, group.key);
        auto order = object.dump();
        found.push_back({bin_start, &group, std::move(object), std::move(order)});
      }
    }
    std::sort(found.begin() + static_cast<std::ptrdiff_t>(first), found.end(),
              [](const FoundGroup& a, const FoundGroup& b) { return a.order < b.order; });
  }
  return found;
}

std::vector<const FollowingEvent*> following_events(const analytics::AggregationSpec& spec,
                                                    const std::vector<FollowingEvent>& candidates,
                                                    const FoundGroup& found) {
  const auto key = follow_key(spec.followed_by->same, analytics::ColumnRow(found.object));
  const TimeMs last = found.group->facts.last();
  std::vector<const FollowingEvent*> next;
  for (const auto& candidate : candidates) {
    if (candidate.time >= last && candidate.time <= last + spec.followed_by->within && candidate.key == key) {
      next.push_back(&candidate);
    }
  }
  return next;
}

}  // namespace vigil::engine::detect
