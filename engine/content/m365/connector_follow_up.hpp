#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/detect/aggregation_follow_up.hpp"

namespace vigil::engine::content::m365 {

// How many changes of other connectors an alert lists.
inline constexpr std::size_t kMaxOtherConnectorChanges = 20;

// The id under which the connector changes an aggregation rule follows are
// recorded as ingest matches: "<rule_id>#connector_changes", which is no
// rule's id (the loader refuses ids holding '#').
std::string connector_changes_match_id(std::string_view rule_id);

// The follow-up of aggregation rules with connector_changes (docs/RULES.md):
// before the scan, it reads the Exchange connector operations in the
// lookback before the run's bins (those recorded at ingest under
// connector_changes_match_id) and has the run re-judge the bins a change
// that arrived since the last run bears on; with `required`, only entries
// naming a connector changed in the lookback before the bin's end group;
// each alert gets connector_changes [{name, operation, enabled, actor, ip,
// time}] (oldest first), connector (connector_summary: created,
// last_change) and other_connector_changes (newest first, up to
// kMaxOtherConnectorChanges).
class ConnectorFollowUp final : public detect::AggregationFollowUp {
 public:
  std::unique_ptr<detect::AggregationFollowUpRun> start(const detect::AggregationRun& run) const override;
  std::optional<detect::IngestCandidates> ingest_candidates(const CompiledRule& rule,
                                                            const analytics::AggregationSpec& spec) const override;
};

}  // namespace vigil::engine::content::m365
