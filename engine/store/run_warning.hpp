#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine {

// What a run warning reports. Readers act on the kind (a gap raises a
// health finding and counts in vigil_rule_gaps_total); the message is for
// people.
enum class RunWarningKind {
  kGap,                // time before the window that the schedule will never search
  kGapUnchecked,       // the rule's last window end could not be read, so gaps were not checked
  kMaxSignals,         // alerts were cut at max_signals
  kMaintenanceWindow,  // a maintenance window held the run's alerts back
  kUnreadableEvents,   // stored events that are not valid JSON were skipped
  kAlertsUpdated,      // stored alerts were updated with re-evaluated figures
  kRecordFailed,       // a failed run could not be recorded
  kOther,              // read back without its kind (the run-history JSON carries messages only)
};

// "gap", "gap_unchecked", ...: how the kind is stored beside the message.
std::string_view to_string(RunWarningKind kind);
std::optional<RunWarningKind> parse_run_warning_kind(std::string_view text);

struct RunWarning {
  RunWarningKind kind = RunWarningKind::kOther;
  std::string message;

  bool operator==(const RunWarning&) const = default;
};

// The messages alone, in order: what the run-history contract shows.
std::vector<std::string> messages(std::span<const RunWarning> warnings);

}  // namespace vigil::engine
