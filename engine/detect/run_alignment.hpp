#pragma once

#include "engine/rules/compiled_rule.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::detect {

// When a rule that ran (or was claimed) at `now` runs next. Event rules run
// every `interval` after the last run, as Kibana schedules them. Aggregation
// rules judge whole bins, so they run on the interval's boundaries since the
// epoch plus their `settle` delay: with interval "1h" and settle "5m", at
// HH:05 UTC, the first moment the previous hour's mail has settled.
TimeMs next_run_time(const CompiledRule& rule, TimeMs now);

}  // namespace vigil::engine::detect
