#include "engine/detect/aggregation_rows.hpp"

namespace vigil::engine::detect {

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

}  // namespace vigil::engine::detect
