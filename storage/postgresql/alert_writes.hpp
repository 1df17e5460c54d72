#pragma once

#include <span>

#include "engine/store/alert_store.hpp"
#include "engine/store/run_store.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/postgresql/outbox_writes.hpp"

namespace vigil::storage::postgresql {

// A run's alerts, inside the caller's transaction (RunStore::commit_run):
// inserts those whose id is not stored yet (the first of a batch's repeats)
// with their tags and, with OutboxWrites::kOn, their outbox entries, in one
// statement; then replaces stored replace_existing alerts whose figures
// changed, keeping their triage (one statement to read them, two to write
// them and their tags). Counts as SqliteAlertStore::write does.
engine::CommitCounts write_alerts(Connection& c, std::span<const engine::Alert> alerts, OutboxWrites outbox);

}  // namespace vigil::storage::postgresql
