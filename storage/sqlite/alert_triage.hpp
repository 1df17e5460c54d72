#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/store/alert_store.hpp"
#include "storage/documents/alert_triage_change.hpp"
#include "storage/sqlite/alert_filter_sql.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/outbox_writes.hpp"

namespace vigil::storage {

// The triage state of every alert `where` selects, in storage order.
std::vector<TriageState> read_triage_states(Connection& c, const SqlWhere& where);

// Applies `change` to one alert inside the caller's write transaction: the
// changed columns, triage_updated_at, and the history entries
// judge_triage_change finds, and (OutboxWrites::kOn) an outbox entry when
// the status or classification changed. Returns whether anything was
// recorded.
bool apply_triage_change(Connection& c, const TriageState& before, const engine::AlertChange& change,
                         const engine::AlertActor& actor, OutboxWrites outbox);

// The history entries of the alert `alert_seq` after the entry `after` (0:
// from the first), oldest first, each to `take` in the AlertStore::history
// shape. When `take` refuses one, the entry just before it: the next page's
// `after`.
std::optional<std::int64_t> read_triage_history(Connection& c, std::int64_t alert_seq, std::int64_t after,
                                                const engine::PageSink& take);

}  // namespace vigil::storage
