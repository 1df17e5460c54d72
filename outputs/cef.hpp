#pragma once

#include <string>

#include "engine/outputs/outbox_entry.hpp"

namespace vigil::outputs {

// One entry as an ArcSight Common Event Format record:
//   CEF:0|Vigil|vigild|VERSION|RULE_ID|RULE_NAME|SEVERITY|EXTENSIONS
// severity 3 (low), 5 (medium), 8 (high), 10 (critical); extensions rt,
// externalId (the idempotency key), act (alert.created | alert.triaged),
// dhost, duser, msg (the reason), cs1 (MITRE ids), cs2 (status) and, for
// triage changes, cs3 (what changed) and suser (who changed it). Pipes and
// backslashes are escaped in the header, backslashes, '=' and line breaks
// in extension values.
std::string cef_record(const engine::outputs::OutboxEntry& entry);

}  // namespace vigil::outputs
