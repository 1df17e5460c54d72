#include "engine/store/run_status.hpp"

namespace vigil::engine {

std::string_view to_string(RunStatus status) {
  switch (status) {
    case RunStatus::kSucceeded:
      return "succeeded";
    case RunStatus::kPartial:
      return "partial";
    case RunStatus::kFailed:
      return "failed";
  }
  return "failed";
}

std::optional<RunStatus> parse_run_status(std::string_view text) {
  for (const auto status : {RunStatus::kSucceeded, RunStatus::kPartial, RunStatus::kFailed})
    if (to_string(status) == text) return status;
  return std::nullopt;
}

}  // namespace vigil::engine
