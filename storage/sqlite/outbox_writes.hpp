#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "engine/time/timestamp.hpp"
#include "storage/documents/outbox_writes.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// Records, inside the caller's write transaction, that the alert stored at
// `alert_seq` was created: the transaction that stores an alert also queues
// its delivery, so neither happens without the other.
void enqueue_alert_created(Connection& c, std::int64_t alert_seq, engine::TimeMs at);

// Records a triage change of the alert at `alert_seq` (`change` in the
// OutboxEntry::change shape), inside the caller's write transaction.
void enqueue_alert_triaged(Connection& c, std::int64_t alert_seq, const nlohmann::json& change, engine::TimeMs at);

}  // namespace vigil::storage
