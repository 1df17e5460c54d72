#include "engine/store/run_warning.hpp"

namespace vigil::engine {
namespace {

constexpr RunWarningKind kKinds[] = {
    RunWarningKind::kGap,
    RunWarningKind::kGapUnchecked,
    RunWarningKind::kMaxSignals,
    RunWarningKind::kMaintenanceWindow,
    RunWarningKind::kUnreadableEvents,
    RunWarningKind::kAlertsUpdated,
    RunWarningKind::kRecordFailed,
    RunWarningKind::kOther,
};

}  // namespace

std::string_view to_string(RunWarningKind kind) {
  switch (kind) {
    case RunWarningKind::kGap:
      return "gap";
    case RunWarningKind::kGapUnchecked:
      return "gap_unchecked";
    case RunWarningKind::kMaxSignals:
      return "max_signals";
    case RunWarningKind::kMaintenanceWindow:
      return "maintenance_window";
    case RunWarningKind::kUnreadableEvents:
      return "unreadable_events";
    case RunWarningKind::kAlertsUpdated:
      return "alerts_updated";
    case RunWarningKind::kRecordFailed:
      return "record_failed";
    case RunWarningKind::kOther:
      break;
  }
  return "other";
}

std::optional<RunWarningKind> parse_run_warning_kind(std::string_view text) {
  for (const auto kind : kKinds)
    if (to_string(kind) == text) return kind;
  return std::nullopt;
}

std::vector<std::string> messages(std::span<const RunWarning> warnings) {
  std::vector<std::string> out;
  out.reserve(warnings.size());
  for (const auto& w : warnings) out.push_back(w.message);
  return out;
}

}  // namespace vigil::engine
