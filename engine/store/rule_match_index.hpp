#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/event_query.hpp"
#include "engine/store/event_record.hpp"

namespace vigil::engine {

// A rule matched at ingest, and the version of it: the fingerprint changes
// whenever what the rule matches may change (query, time field, matcher).
struct IngestRuleVersion {
  std::string rule_id;
  std::string fingerprint;

  bool operator==(const IngestRuleVersion&) const = default;
};

// A change of the rules matched at ingest, as the engine decided it
// (engine/detect/ingest_matching.hpp).
struct IngestMatchingChange {
  // Rules that start afresh: their old matches are dropped and every event
  // stored until now counts as unmatched for them.
  std::vector<IngestRuleVersion> restarted;
  // Rules no longer matched: their matches and version are dropped.
  std::vector<std::string> stopped;
};

// What a store keeps of a rule matched at ingest beside its matches: the
// matching epoch its matching began in (events written since carry their
// matches) and the newest times of the events stored before it.
struct RuleMatchState {
  std::int64_t from_epoch = 0;
  std::optional<TimeMs> older_max_ts;
  std::optional<TimeMs> older_max_ingested;

  // The part of `query`'s window that events stored before the rule's
  // matching began may lie in, which a run must still scan; nullopt when
  // the window is past them all.
  std::optional<EventQuery> older_window(const EventQuery& query) const {
    const auto older_max = query.time_field == TimeField::kIngested ? older_max_ingested : older_max_ts;
    if (!older_max || *older_max < query.start) return std::nullopt;
    auto older = query;
    older.end = std::min(query.end, *older_max);
    return older;
  }
};

// The rules' matches recorded at ingest (EventRecord::rule_matches), which
// rule runs read instead of scanning their whole window. Kept by the event
// store, since matches are written in their events' transaction.
// Implementations are thread-safe.
class RuleMatchIndex {
 public:
  virtual ~RuleMatchIndex() = default;

  // The versions of the rules whose matches are recorded.
  virtual std::vector<IngestRuleVersion> matched_rules() = 0;

  // Applies the change atomically. From then on every written batch carries
  // the ingest matches of the rules matched (those kept and restarted). Call
  // before any batch is written with the new versions, and at start-up even
  // with an empty change: until the first call, every stored event counts as
  // unmatched for every rule.
  virtual void change_matching(const IngestMatchingChange& change) = 0;

  // Calls `visit` for the selected events the rule may match, in no
  // particular order; stops when it returns false. These are the events
  // recorded as the rule's matches at ingest and every event stored before
  // its ingest matching began, so the caller must still evaluate the rule on
  // each. For a rule never matched at ingest this is EventStore::scan.
  // The query's category and dataset narrow only the unmatched events.
  virtual void scan_rule_candidates(std::string_view rule_id, const EventQuery& query,
                                    const std::function<bool(const StoredEvent&)>& visit) = 0;

  // scan_rule_candidates for a rule whose ingest matches carry values
  // (RuleMatch::values): its matched events come as those values
  // (StoredEvent::values), already selected by dataset and index at ingest;
  // the events stored before its matching began come as documents.
  virtual void scan_rule_values(std::string_view rule_id, const EventQuery& query,
                                const std::function<bool(const StoredEvent&)>& visit) = 0;
};

}  // namespace vigil::engine
