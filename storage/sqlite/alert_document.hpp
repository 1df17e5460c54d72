#pragma once

#include <string>
#include <string_view>

#include "storage/documents/alert_document.hpp"
#include "storage/sqlite/connection.hpp"

namespace vigil::storage {

// The columns alert_text() reads, from column 0 of a row of `alerts`.
inline constexpr std::string_view kAlertDocumentColumns =
    "doc, status, classification, determination, assignee, triage_updated_at";

// The row's document with its triage columns laid over it
// (documents/alert_document.hpp).
inline std::string alert_text(const Statement& row) {
  const auto optional_text = [&](int column) {
    return row.column_is_null(column) ? std::nullopt : std::optional<std::string_view>(row.column_bytes(column));
  };
  return alert_text(row.column_bytes(0), {row.column_bytes(1), optional_text(2), optional_text(3), optional_text(4),
                                          row.column_optional_int(5)});
}

}  // namespace vigil::storage
