#include "engine/detect/eql_executor.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>

#include "engine/detect/alert_builder.hpp"
#include "engine/detect/ingest_matcher.hpp"
#include "engine/event/json_parse.hpp"

namespace vigil::engine::detect {
namespace {

// A match that may become an alert, without its document: a broad rule can
// match a great many events in a window while at most max_signals of them
// alert, so only those documents are read (and parsed) again.
struct Candidate {
  std::string index;
  std::string id;
  std::uint64_t version;  // the one matched, should the event have been replaced since
  TimeMs recency;
};

EventQuery event_query(const CompiledRule& rule, const RunWindow& window) {
  EventQuery query;
  // Exclusions ("-logs-test*") are applied by rule.indices while scanning;
  // the store only narrows by the positive patterns.
  for (const auto& pattern : rule.definition.index) {
    if (!pattern.starts_with('-')) query.index_patterns.push_back(pattern);
  }
  query.time_field = window_time_field(rule.definition);
  query.start = window.start;
  query.end = window.end;
  query.category = rule.query->category();
  return query;
}

// Elasticsearch EQL orders hits by @timestamp. An event without one sorts by
// when it arrived, so it is neither always first nor always last.
TimeMs recency(const StoredEvent& event) { return event.timestamp.value_or(event.ingested); }

std::optional<nlohmann::json> parse_document(const StoredEvent& event) {
  auto document = parse_json(event.document, false);
  if (document.is_discarded()) return std::nullopt;
  return document;
}

}  // namespace

std::vector<Alert> EqlExecutor::execute(const CompiledRule& rule, const RunWindow& window, TimeMs created_at,
                                        RunRecord& run) {
  std::vector<Candidate> candidates;
  std::uint64_t unreadable = 0;
  auto& matches = events_.rule_matches();
  matches.scan_rule_candidates(rule.definition.rule_id, event_query(rule, window), [&](const StoredEvent& event) {
    if (!rule.indices.selects(event.index)) return true;
    ++run.events_scanned;
    const auto document = parse_document(event);
    if (!document) {
      ++unreadable;
      return true;
    }
    if (!rule.query->matches(*document)) return true;
    ++run.matches;
    if (rule.exceptions.excepts(*document)) {
      ++run.excepted;
      return true;
    }
    candidates.push_back({event.index, event.id, event.version, recency(event)});
    return true;
  });
  if (unreadable > 0) {
    run.warnings.push_back({RunWarningKind::kUnreadableEvents,
                            std::to_string(unreadable) + " stored events are not valid JSON and were skipped"});
  }

  // Checked after the scan, so the store is never called back into while it
  // scans; all candidates in one call.
  std::vector<std::string> ids;
  ids.reserve(candidates.size());
  for (const auto& c : candidates) ids.push_back(alert_id(rule.definition.rule_id, c.index, c.id));
  const auto stored = runs_.alerts().existing_alert_ids(ids);
  const std::unordered_set<std::string> seen(stored.begin(), stored.end());
  std::vector<Candidate> fresh;
  fresh.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (seen.contains(ids[i]))
      ++run.duplicates_skipped;
    else
      fresh.push_back(std::move(candidates[i]));
  }
  candidates = std::move(fresh);

  const auto limit = static_cast<std::size_t>(rule.definition.max_signals);
  if (candidates.size() > limit) {
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.recency > b.recency; });
    candidates.resize(limit);
    run.truncated = true;
    run.status = RunStatus::kPartial;  // Kibana reports the limit as a partial failure
    run.warnings.push_back({RunWarningKind::kMaxSignals, kMaxSignalsWarning});
  }

  std::vector<EventStore::EventKey> keys;
  keys.reserve(candidates.size());
  for (const auto& c : candidates) keys.push_back({c.index, c.id, c.version});
  const auto events = events_.get_many(keys);
  std::vector<Alert> alerts;
  alerts.reserve(candidates.size());
  for (const auto& event : events) {
    // Gone (or no longer JSON) since the scan: nothing left to alert on.
    if (!event) continue;
    const auto document = parse_document(*event);
    if (!document) continue;
    alerts.push_back(build_alert(rule.definition, *event, *document, created_at));
  }
  return alerts;
}

}  // namespace vigil::engine::detect
