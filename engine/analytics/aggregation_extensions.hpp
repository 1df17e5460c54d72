#pragma once

#include <memory>

#include "engine/analytics/group_evidence.hpp"
#include "engine/analytics/named_list.hpp"
#include "engine/analytics/row_check.hpp"

namespace vigil::engine::analytics {

// The names aggregation rules may use in `checks` and `evidence` beyond
// what the core defines: content modules add them at start-up, and
// read_aggregation_spec resolves a rule's names against them.
struct AggregationExtensions {
  NamedList<RowCheck> row_checks;
  NamedList<std::shared_ptr<const GroupEvidenceKind>> group_evidence;
};

}  // namespace vigil::engine::analytics
