#include "storage/documents/alert_triage_change.hpp"

#include "engine/event/json_text.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::storage {
namespace {

nlohmann::json value_or_null(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

// Records a nullable field's change when the requested value differs.
void compare(const char* field, const std::optional<std::optional<std::string>>& requested,
             std::optional<std::string>& current, std::vector<TriageHistoryEntry>& entries) {
  if (!requested || *requested == current) return;
  entries.push_back({field, current, *requested});
  current = *requested;
}

}  // namespace

TriageOutcome judge_triage_change(const TriageState& before, const engine::AlertChange& change) {
  TriageOutcome outcome{before, {}};
  auto& after = outcome.after;
  auto& entries = outcome.entries;
  if (change.status && *change.status != before.status) {
    entries.push_back({"status", std::string(to_string(before.status)), std::string(to_string(*change.status))});
    after.status = *change.status;
  }
  compare("classification", change.classification, after.classification, entries);
  compare("determination", change.determination, after.determination, entries);
  compare("assignee", change.assignee, after.assignee, entries);
  if (change.note) entries.push_back({"note", std::nullopt, *change.note});
  return outcome;
}

// Outputs deliver the changes a SOC routes on: status and classification.
nlohmann::json delivered_triage_change(const std::vector<TriageHistoryEntry>& entries,
                                       const engine::AlertActor& actor) {
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& entry : entries)
    if (std::string_view(entry.field) == "status" || std::string_view(entry.field) == "classification")
      changes.push_back({{"field", entry.field}, {"from", value_or_null(entry.from)}, {"to", value_or_null(entry.to)}});
  if (changes.empty()) return nullptr;
  return {{"at", engine::format_timestamp(actor.at)}, {"author", actor.name}, {"changes", std::move(changes)}};
}

std::string history_entry_text(engine::TimeMs at, std::string_view author, std::string_view field,
                               const std::optional<std::string>& from, const std::optional<std::string>& to) {
  const nlohmann::json entry = {{"at", engine::format_timestamp(at)},
                                {"author", author},
                                {"field", field},
                                {"from", value_or_null(from)},
                                {"to", value_or_null(to)}};
  return engine::json_text(entry);
}

engine::triage::AlertStatus stored_alert_status(const std::string& text) {
  const auto status = engine::triage::parse_alert_status(text);
  if (!status) throw engine::StoreError("alerts: unknown status \"" + text + "\"", engine::StoreErrorKind::kFailed);
  return *status;
}

}  // namespace vigil::storage
