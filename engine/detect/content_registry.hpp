#pragma once

#include "engine/analytics/aggregation_extensions.hpp"
#include "engine/detect/aggregation_follow_up.hpp"
#include "engine/detect/alert_enrichers.hpp"

namespace vigil::engine::detect {

// Where content modules (engine/content/) plug into detection, so that the
// core names no product: the names aggregation rules may use, what they add
// to alerts built from one event, and their part in aggregation runs.
struct ContentRegistry {
  analytics::AggregationExtensions aggregation_extensions;
  AlertEnrichers alert_enrichers;
  AggregationFollowUps aggregation_follow_ups;
};

// The process's registry, which build_alert, the aggregation executor and
// the ingest matcher read. It starts empty: vigild
// (and a test that wants content) fills it once with
// engine::content::register_all before any rule runs. An explicit call
// rather than self-registering statics, which a static library link drops.
ContentRegistry& content_registry();

}  // namespace vigil::engine::detect
