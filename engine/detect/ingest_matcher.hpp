#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/detect/ingest_candidates.hpp"
#include "engine/rules/rule_set.hpp"
#include "engine/store/event_record.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::engine::detect {

// The field a rule's windows select on: event.ingested when the rule's
// timestamp_override says so, @timestamp otherwise.
TimeField window_time_field(const RuleDefinition& rule);

// Evaluates every EQL rule's query on each event as it is ingested, while
// the parsed document is at hand, so that a rule run reads only the events
// its rule matched instead of parsing every event in its window: a run's
// cost then follows its matches, not the volume ingested. Disabled rules are
// matched too, so enabling one finds its events.
//
// Ingest matching only narrows what a run reads: the run evaluates the whole
// rule (query, exceptions, index patterns) again on every event it reads, so
// a match recorded here never makes an alert by itself.
//
// Aggregation rules that read only columns (row_values.hpp) match every
// event of their dataset in their indices that has a @timestamp, and the
// match records the columns' values: their runs read those few values
// instead of decompressing and parsing each document. The run applies its
// row tests and grouping to them as to a document.
//
// Aggregation rules whose content follow-ups read events of another dataset
// (IngestCandidates, aggregation_follow_up.hpp) match those events under the
// follow-up's id: their runs read those few events instead of every event of
// that dataset over their lookback. The follow-ups are those registered in
// content_registry() when the matcher is built.
//
// Immutable after construction; thread-safe. Keeps pointers into `rules`,
// which must outlive it.
class IngestMatcher {
 public:
  explicit IngestMatcher(const RuleSet& rules);

  // The rules that match the normalized document, written to `index`, of
  // `dataset` (EventRecord::dataset).
  std::vector<RuleMatch> match(const nlohmann::json& document, std::string_view index,
                               std::string_view dataset) const;

  // What begin_ingest_matching (ingest_matching.hpp) must be told before the first
  // batch carrying these matches is written.
  const std::vector<IngestRuleVersion>& versions() const { return versions_; }

 private:
  struct Entry {
    const CompiledRule* rule;
    TimeField time_field;
  };
  struct ValuesEntry {
    const CompiledRule* rule;
    std::string dataset;
    std::vector<std::string> columns;
  };
  struct CandidatesEntry {
    const CompiledRule* rule;
    IngestCandidates candidates;
  };
  std::vector<Entry> entries_;
  std::vector<ValuesEntry> values_entries_;
  std::vector<CandidatesEntry> candidates_entries_;
  std::vector<IngestRuleVersion> versions_;
};

}  // namespace vigil::engine::detect
