#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/time/timestamp.hpp"

namespace vigil::storage {

// An alert's triage columns as a backend stored them.
struct AlertTriageColumns {
  std::string_view status;
  std::optional<std::string_view> classification;
  std::optional<std::string_view> determination;
  std::optional<std::string_view> assignee;
  std::optional<engine::TimeMs> triage_updated_at;
};

// The stored document with the triage columns laid over it, as JSON text:
// the document keeps what the rule produced, the columns what analysts
// changed since. What the API and the outputs return for an alert. Throws
// StoreError (kFailed) when the document is no JSON object.
std::string alert_text(std::string_view document, const AlertTriageColumns& triage);

}  // namespace vigil::storage
