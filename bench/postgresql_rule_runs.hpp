#pragma once

#include <cstddef>

#include "tests/support/postgres_server.hpp"

namespace vigil::bench {

// Issue 8's two rule-run figures on a PostgreSQL-backed store, each beside
// psql counting the run's window on events.ingested (the least a run that
// visits its window must do), measured in the same run: the ActiveSync rule
// over a 9-minute window of `sysmon_events` (1% PowerShell starts, 0.01%
// matching; target 250 ms at 5,000,000) and the hourly connector run over
// `emails` EmailEvents (target 2 s at 1,000,000). Every event goes through
// the store's write_batch as normalized, matched and compressed records.
// Prints the figures; returns false if a run failed.
bool postgresql_rule_runs(const test::PostgresServer& server, std::size_t sysmon_events, std::size_t emails);

}  // namespace vigil::bench
