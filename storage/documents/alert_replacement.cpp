#include "storage/documents/alert_replacement.hpp"

#include "engine/time/timestamp.hpp"

namespace vigil::storage {
namespace {

// Keys a re-evaluation never changes on its own: when the stored alert was
// created, when it was last updated, and the analyst's status.
nlohmann::json figures(nlohmann::json doc) {
  for (const char* key : {"created_at", "updated_at", "status"}) doc.erase(key);
  return doc;
}

}  // namespace

std::optional<nlohmann::json> replacement_document(const nlohmann::json& stored, const engine::Alert& alert) {
  if (figures(stored) == figures(alert.document)) return std::nullopt;
  auto doc = alert.document;
  doc["created_at"] = stored.value("created_at", doc.value("created_at", ""));
  doc["updated_at"] = engine::format_timestamp(alert.created_at);
  doc["status"] = stored.value("status", doc.value("status", ""));
  return doc;
}

}  // namespace vigil::storage
