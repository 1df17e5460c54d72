#pragma once

#include "engine/detect/rule_executor.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/run_store.hpp"

namespace vigil::engine::detect {

// Runs "eql" rules the way Kibana's EQL rule type does:
//   1. selects the window's events from the rule's indices, on event.ingested
//      when timestamp_override says so (else @timestamp): those the rule
//      matched at ingest (IngestMatcher) and those stored before its ingest
//      matching began, the query's event category pushed down for the latter;
//   2. keeps the events the query matches, less those an exception covers;
//   3. drops events that already raised this rule's alert (same alert id);
//   4. keeps the newest `max_signals` of the rest by @timestamp, as
//      Elasticsearch EQL returns the most recent hits, and warns when some
//      were cut.
// Step 3 comes before step 4 on purpose. Kibana truncates first, so once a
// window holds more than max_signals matches its later overlapping runs find
// the same newest hits, all duplicates, and the older ones never alert.
// Deduplicating first lets each overlapping run take the next newest, so
// leftovers still alert while they remain inside a window.
//
// Holds references to thread-safe stores and no state: thread-safe.
class EqlExecutor final : public RuleExecutor {
 public:
  EqlExecutor(EventStore& events, RunStore& runs) : events_(events), runs_(runs) {}

  // Precondition: rule.query is set (the compiler guarantees it for "eql" rules).
  std::vector<Alert> execute(const CompiledRule& rule, const RunWindow& window, TimeMs created_at,
                             RunRecord& run) override;

 private:
  EventStore& events_;
  RunStore& runs_;
};

// Kibana's warning when a run had more matches than max_signals (getMaxSignalsWarning).
inline constexpr const char* kMaxSignalsWarning =
    "This rule reached the maximum alert limit for the rule execution. Some alerts were not created.";

}  // namespace vigil::engine::detect
