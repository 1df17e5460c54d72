#pragma once

#include <string>
#include <string_view>

#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// The columns alert_text() reads, from column 0 of a row of `alerts`.
inline constexpr std::string_view kAlertDocumentColumns =
    "doc, status, classification, determination, assignee, triage_updated_at";

// The stored document with the triage columns laid over it, as JSON text:
// the document keeps what the rule produced, the columns what analysts
// changed since. What the API and the outputs return for an alert.
std::string alert_text(const Statement& row);

}  // namespace vigil::storage
