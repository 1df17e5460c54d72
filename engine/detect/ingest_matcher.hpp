#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/normalize/normalizer.hpp"
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
// Immutable after construction; thread-safe. Keeps pointers into `rules`,
// which must outlive it.
class IngestMatcher {
 public:
  explicit IngestMatcher(const RuleSet& rules);

  // The rules whose query matches the normalized document.
  std::vector<RuleMatch> match(const nlohmann::json& document) const;

  // What EventStore::begin_ingest_matching must be told before the first
  // batch carrying these matches is written.
  const std::vector<IngestRuleVersion>& versions() const { return versions_; }

 private:
  struct Entry {
    const CompiledRule* rule;
    TimeField time_field;
  };
  std::vector<Entry> entries_;
  std::vector<IngestRuleVersion> versions_;
};

// The record a writer stores for a normalized event: to_event_record with
// the matches of `matcher` (none when it is null).
EventRecord to_matched_record(Normalized normalized, std::string index, std::string id, WriteMode mode,
                              const IngestMatcher* matcher);

}  // namespace vigil::engine::detect
