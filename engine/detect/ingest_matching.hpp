#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/store/rule_match_index.hpp"

namespace vigil::engine::detect {

// Which rules restart matching when the rules matched at ingest go from
// `recorded` to `wanted`: a rule restarts when it was not matched before or
// its fingerprint changed (what it matches may have changed, so its old
// matches cannot be trusted); a recorded rule that is not wanted stops.
// Restarted rules come in the order of `wanted`.
IngestMatchingChange plan_matching_change(std::span<const IngestRuleVersion> recorded,
                                          std::span<const IngestRuleVersion> wanted);

// Makes `rules` the rules matched at ingest: reads what the index records,
// plans the change and applies it. Returns the ids of the rules that
// restarted. Call before any batch is written with the new versions
// (vigild: at start-up, before it listens, and on each rule reload).
std::vector<std::string> begin_ingest_matching(RuleMatchIndex& index, std::span<const IngestRuleVersion> rules);

}  // namespace vigil::engine::detect
