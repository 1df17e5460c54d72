#include "storage/documents/alert_document.hpp"

#include <nlohmann/json.hpp>

#include "engine/event/json_overlay.hpp"
#include "engine/event/json_text.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::storage {
namespace {

std::string text_or_null(std::optional<std::string_view> value) {
  return value ? engine::json_text(nlohmann::json(std::string(*value))) : "null";
}

}  // namespace

// As text, without parsing the document: a page holds a hundred of them.
std::string alert_text(std::string_view document, const AlertTriageColumns& triage) {
  const auto at = triage.triage_updated_at;
  const engine::OverlayMember members[] = {
      // In byte order of their keys, as overlay_members needs them.
      {"assignee", text_or_null(triage.assignee)},
      {"classification", text_or_null(triage.classification)},
      {"determination", text_or_null(triage.determination)},
      {"status", text_or_null(triage.status)},
      {"triage_updated_at", at ? engine::json_text(nlohmann::json(engine::format_timestamp(*at))) : "null"},
  };
  // Read in place: a copy of a document with a multi-megabyte event field is
  // that much more memory for each page that reads it.
  auto text = engine::overlay_members(document, members);
  if (!text) throw engine::StoreError("a stored alert document is no JSON object", engine::StoreErrorKind::kFailed);
  return std::move(*text);
}

}  // namespace vigil::storage
