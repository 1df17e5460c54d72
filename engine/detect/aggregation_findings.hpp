#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/detect/aggregation_scan.hpp"

namespace vigil::engine::detect {

// A group over threshold in one bin, with its values.
struct FoundGroup {
  TimeMs bin_start;
  const Group* group;     // in the run's Scan
  nlohmann::json object;  // group_object()
  std::string order;      // object.dump()
};

// The groups of `groups` whose metric meets the threshold, by bin and then
// group values, so that a run's alerts come in the same order whatever
// order the groups were hashed in.
std::vector<FoundGroup> groups_over_threshold(const Groups& groups, const analytics::AggregationSpec& spec);

// The candidates (in time order) within [last, last + within] of the
// group's last event that share its `same` values, earliest first.
std::vector<const FollowingEvent*> following_events(const analytics::AggregationSpec& spec,
                                                    const std::vector<FollowingEvent>& candidates,
                                                    const FoundGroup& found);

}  // namespace vigil::engine::detect
