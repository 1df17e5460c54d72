#pragma once

#include "engine/store/alert_store.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// The width of the buckets `alert_counts` and `alert_tag_counts` keep alert
// counts in (migration 4's triggers divide created_at by it).
inline constexpr engine::TimeMs kAlertCountBucketMs = 10 * engine::kMinuteMs;

// Counts of the alerts `filter` selects, by dimension. A filter on creation
// time alone (the dashboard's "last 24 hours") sums the whole buckets inside
// its range and counts alerts only at the two ragged ends, so its cost
// follows the range's length, not the number of alerts in it; any other
// filter groups the alerts it selects. Both give the same figures.
engine::AlertSummary summarize_alerts(Connection& c, const engine::AlertFilter& filter);

}  // namespace vigil::storage
