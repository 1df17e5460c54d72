#include "engine/detect/aggregation_follow_up.hpp"

namespace vigil::engine::detect {

std::vector<std::unique_ptr<AggregationFollowUpRun>> AggregationFollowUps::start(const AggregationRun& run) const {
  std::vector<std::unique_ptr<AggregationFollowUpRun>> parts;
  for (const auto& [name, follow_up] : follow_ups_) {
    if (auto part = follow_up->start(run)) parts.push_back(std::move(part));
  }
  return parts;
}

std::vector<IngestCandidates> AggregationFollowUps::ingest_candidates(const CompiledRule& rule,
                                                                      const analytics::AggregationSpec& spec) const {
  std::vector<IngestCandidates> found;
  for (const auto& [name, follow_up] : follow_ups_) {
    if (auto candidates = follow_up->ingest_candidates(rule, spec)) found.push_back(std::move(*candidates));
  }
  return found;
}

}  // namespace vigil::engine::detect
