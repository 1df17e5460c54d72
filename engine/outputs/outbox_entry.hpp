#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/time/timestamp.hpp"

namespace vigil::engine::outputs {

// What happened to an alert, as the outbox recorded it in the transaction
// that made it happen.
enum class OutboxKind { kAlertCreated, kAlertTriaged };

// One outbox entry as a sink delivers it.
struct OutboxEntry {
  std::int64_t seq = 0;  // position in the outbox: every output delivers in this order
  OutboxKind kind = OutboxKind::kAlertCreated;
  TimeMs at = 0;  // when the alert was stored or triaged
  std::string alert_id;
  // The alert document as the API returns it, with its triage state now
  // (not as it was when the entry was written).
  nlohmann::json alert;
  // kAlertTriaged: {"at": RFC3339, "author": "...", "changes": [{"field":
  // "status|classification", "from": ..., "to": ...}]}; null otherwise.
  nlohmann::json change;

  // "alert.created" | "alert.triaged", the event type receivers see.
  std::string type() const { return kind == OutboxKind::kAlertCreated ? "alert.created" : "alert.triaged"; }
  // The key a receiver drops repeats by: the alert id for the alert itself;
  // the alert id and the entry for a triage change, which is a new event
  // about the same alert.
  std::string idempotency_key() const {
    return kind == OutboxKind::kAlertCreated ? alert_id : alert_id + ":triage:" + std::to_string(seq);
  }
};

}  // namespace vigil::engine::outputs
