#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/store/event_record.hpp"

namespace vigil::engine {

// Selects events for one rule run. Bounds are inclusive, as Kibana's range filter.
struct EventQuery {
  std::vector<std::string> index_patterns;  // Elasticsearch index patterns ("winlogbeat-*")
  TimeField time_field = TimeField::kTimestamp;
  TimeMs start = 0;
  TimeMs end = 0;
  std::optional<std::string> category;  // only events whose event.category holds it
  std::optional<std::string> dataset;   // only events of this dataset
};

}  // namespace vigil::engine
