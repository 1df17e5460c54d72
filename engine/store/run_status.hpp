#pragma once

#include <optional>
#include <string_view>

namespace vigil::engine {

// How a rule run ended, as Kibana's rule execution statuses: kPartial when
// it completed but something is missing (alerts cut at max_signals, a gap),
// kFailed when a store call threw.
enum class RunStatus { kSucceeded, kPartial, kFailed };

// "succeeded" | "partial" | "failed": the spelling of the run-history
// contract, the metrics label and the rule_runs.status column.
std::string_view to_string(RunStatus status);
std::optional<RunStatus> parse_run_status(std::string_view text);

}  // namespace vigil::engine
