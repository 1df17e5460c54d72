#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// An alert as the engine produces it: the indexed columns the API filters
// on, and the whole alert document (rule, reason, process, threat, source
// event...) that the API returns.
struct Alert {
  // sha256 of (rule id, source index, source id) for event alerts, of (rule
  // id, group key, bin start) for aggregation alerts: re-runs never duplicate.
  std::string id;
  std::string rule_id;
  TimeMs created_at = 0;
  std::optional<TimeMs> original_time;
  std::string severity;
  int risk_score = 0;
  std::string status = "open";
  std::string host_name;
  std::string user_name;
  std::vector<std::string> mitre;
  nlohmann::json document;
  // An aggregation alert whose bin a later run re-evaluates: when its id is
  // already stored, the new figures and evidence replace the stored ones
  // (the analyst's status and the first created_at are kept) instead of the
  // new alert being dropped as a duplicate.
  bool replace_existing = false;
};

struct AlertQuery {
  std::optional<std::string> rule_id;
  std::size_t limit = 100;
};

struct AlertPage {
  std::uint64_t total = 0;
  std::vector<nlohmann::json> alerts;  // newest first
};

// Read side of the alerts, for the API. Thread-safe.
class AlertStore {
 public:
  virtual ~AlertStore() = default;
  virtual AlertPage list(const AlertQuery& query) = 0;
  virtual std::optional<nlohmann::json> get(const std::string& id) = 0;
};

}  // namespace vigil::engine
