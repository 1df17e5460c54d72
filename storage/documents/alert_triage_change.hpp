#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/alert_store.hpp"

namespace vigil::storage {

// An alert's triage columns as stored, and its storage sequence number.
struct TriageState {
  std::int64_t seq = 0;
  engine::triage::AlertStatus status = engine::triage::AlertStatus::kOpen;
  std::optional<std::string> classification;
  std::optional<std::string> determination;
  std::optional<std::string> assignee;
};

// One entry of an alert's triage history.
struct TriageHistoryEntry {
  const char* field;  // status | classification | determination | assignee | note
  std::optional<std::string> from;
  std::optional<std::string> to;
};

// What `change` does to an alert in state `before`: the state after it and
// one history entry per field whose value actually changes, plus one for a
// note. No entries: nothing to record.
struct TriageOutcome {
  TriageState after;
  std::vector<TriageHistoryEntry> entries;
};
TriageOutcome judge_triage_change(const TriageState& before, const engine::AlertChange& change);

// The outbox change (OutboxEntry::change) of the entries outputs deliver,
// status and classification; null when there are none.
nlohmann::json delivered_triage_change(const std::vector<TriageHistoryEntry>& entries, const engine::AlertActor& actor);

// A stored history entry in the AlertStore::history shape, as JSON text.
std::string history_entry_text(engine::TimeMs at, std::string_view author, std::string_view field,
                               const std::optional<std::string>& from, const std::optional<std::string>& to);

// The status a stored status column names; throws StoreError (kFailed) for
// one this vigild does not know.
engine::triage::AlertStatus stored_alert_status(const std::string& text);

}  // namespace vigil::storage
