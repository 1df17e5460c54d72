#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/rules/rule.hpp"
#include "engine/store/alert_store.hpp"
#include "engine/store/event_record.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::detect {

// The alert id: lowercase hex SHA-256 of "<rule_id>\n<index>\n<event id>".
// One source event makes at most one alert per rule however many runs see it
// (Kibana hashes index, id, version, space and rule the same way). The
// newlines keep ("a", "bc") and ("ab", "c") apart.
std::string alert_id(std::string_view rule_id, std::string_view index, std::string_view event_id);

// Builds the alert `rule` raises for `event`, whose parsed document is
// `document`. `created_at` is the run's time (ms since the epoch, UTC).
//
// The document holds: id; rule (alert_rule_reference: id, name, type,
// version, severity, risk_score, tags, references, ...); created_at and original_time (the event's @timestamp, or
// null) in RFC 3339; reason (see alert_reason.hpp); status "open";
// host {name}; user {name}; process {name, executable, command_line, args,
// pid, parent {name}}, each the event's value or null; threat (the rule's,
// verbatim); mitre (technique ids); source {index, id}; event (the whole
// source document); plus what the registered alert enrichers add
// (content_registry.hpp).
// Pure; thread-safe.
Alert build_alert(const RuleDefinition& rule, const StoredEvent& event, const nlohmann::json& document,
                  TimeMs created_at);

}  // namespace vigil::engine::detect
