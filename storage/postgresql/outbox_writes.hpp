#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>

#include "engine/time/timestamp.hpp"
#include "storage/documents/outbox_writes.hpp"
#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// Takes the transaction lock every transaction writing outbox entries holds
// from before its first entry until it ends. Entries take their seq from a
// sequence when written but become visible when committed; were two
// writers to commit out of seq order, an output could pass the lower entry
// before it committed and never deliver it. Taken first in a transaction,
// before any row lock, so that it cannot deadlock with one.
void lock_outbox(Connection& c);

// A triage change to queue: the alert stored at `alert_seq` and its change
// in the OutboxEntry::change shape.
struct TriagedEntry {
  std::int64_t alert_seq = 0;
  nlohmann::json change;
};

// Queues the triage changes, at `at`, in one statement, inside the caller's
// transaction (which holds lock_outbox).
void enqueue_alerts_triaged(Connection& c, std::span<const TriagedEntry> entries, engine::TimeMs at);

}  // namespace vigil::storage::postgresql
