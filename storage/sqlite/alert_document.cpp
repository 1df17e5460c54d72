#include "storage/sqlite/alert_document.hpp"

#include "engine/event/json_overlay.hpp"
#include "engine/event/json_text.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::storage {
namespace {

std::string document_text_or_null(const Statement& row, int column) {
  return row.column_is_null(column) ? "null" : engine::json_text(nlohmann::json(row.column_text(column)));
}

}  // namespace

// As text, without parsing the document: a page holds a hundred of them.
std::string alert_text(const Statement& row) {
  const auto triaged = row.column_optional_int(5);
  const engine::OverlayMember triage[] = {
      // In byte order of their keys, as overlay_members needs them.
      {"assignee", document_text_or_null(row, 4)},
      {"classification", document_text_or_null(row, 2)},
      {"determination", document_text_or_null(row, 3)},
      {"status", engine::json_text(nlohmann::json(row.column_text(1)))},
      {"triage_updated_at", triaged ? engine::json_text(nlohmann::json(engine::format_timestamp(*triaged))) : "null"},
  };
  // Read in place: a copy of a document with a multi-megabyte event field is
  // that much more memory for each page that reads it.
  auto text = engine::overlay_members(row.column_bytes(0), triage);
  if (!text) throw engine::StoreError("a stored alert document is no JSON object", engine::StoreErrorKind::kFailed);
  return std::move(*text);
}

}  // namespace vigil::storage
