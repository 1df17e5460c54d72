#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/store/alert_store.hpp"
#include "storage/documents/alert_triage_change.hpp"
#include "storage/postgresql/alert_sql.hpp"
#include "storage/postgresql/outbox_writes.hpp"

namespace vigil::storage::postgresql {

// The triage state of every alert `where` selects, in storage order, each
// row locked until the caller's transaction ends (FOR UPDATE), so that two
// analysts' changes to one alert are judged one after the other.
std::vector<TriageState> lock_triage_states(Connection& c, const SqlWhere& where);

// Applies `change` to every alert of `states` inside the caller's
// transaction: the changed columns, triage_updated_at, the history entries
// judge_triage_change finds, and (OutboxWrites::kOn, the caller holding
// lock_outbox) an outbox entry per alert whose status or classification
// changed; three statements, whatever the number of alerts. Returns how
// many alerts recorded anything.
std::uint64_t apply_triage_change(Connection& c, const std::vector<TriageState>& states,
                                  const engine::AlertChange& change, const engine::AlertActor& actor,
                                  OutboxWrites outbox);

// The history entries of the alert `alert_seq` after the entry `after` (0:
// from the first), oldest first, each to `take` in the AlertStore::history
// shape. When `take` refuses one, the entry just before it: the next page's
// `after`.
std::optional<std::int64_t> read_triage_history(Connection& c, std::int64_t alert_seq, std::int64_t after,
                                                const engine::PageSink& take);

}  // namespace vigil::storage::postgresql
