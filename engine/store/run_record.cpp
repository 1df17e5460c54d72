#include <stdexcept>

#include "engine/store/run_store.hpp"

namespace vigil::engine {

RunWarning alerts_updated_warning(std::uint64_t updated) {
  return {RunWarningKind::kAlertsUpdated,
          std::to_string(updated) + " existing alerts were updated with re-evaluated figures"};
}

nlohmann::json RunRecord::to_json() const {
  return {
      {"rule_id", rule_id},
      {"started_at", format_timestamp(started_at)},
      {"window_start", format_timestamp(window_start)},
      {"window_end", format_timestamp(window_end)},
      {"status", to_string(status)},
      {"events_scanned", events_scanned},
      {"matches", matches},
      {"alerts_created", alerts_created},
      {"duplicates_skipped", duplicates_skipped},
      {"excepted", excepted},
      {"truncated", truncated},
      {"duration_ms", duration_ms},
      {"warnings", messages(warnings)},
      {"error", error ? nlohmann::json(*error) : nlohmann::json(nullptr)},
  };
}

RunRecord RunRecord::from_json(const nlohmann::json& j) {
  RunRecord r;
  r.rule_id = j.at("rule_id").get<std::string>();
  r.started_at = parse_timestamp(j.at("started_at").get<std::string>()).value_or(0);
  r.window_start = parse_timestamp(j.at("window_start").get<std::string>()).value_or(0);
  r.window_end = parse_timestamp(j.at("window_end").get<std::string>()).value_or(0);
  const auto status = j.at("status").get<std::string>();
  const auto parsed = parse_run_status(status);
  if (!parsed) throw std::invalid_argument("run record: unknown status \"" + status + "\"");
  r.status = *parsed;
  r.events_scanned = j.at("events_scanned").get<std::uint64_t>();
  r.matches = j.at("matches").get<std::uint64_t>();
  r.alerts_created = j.at("alerts_created").get<std::uint64_t>();
  r.duplicates_skipped = j.at("duplicates_skipped").get<std::uint64_t>();
  r.excepted = j.at("excepted").get<std::uint64_t>();
  r.truncated = j.at("truncated").get<bool>();
  r.duration_ms = j.at("duration_ms").get<std::int64_t>();
  for (auto& message : j.at("warnings").get<std::vector<std::string>>())
    r.warnings.push_back({RunWarningKind::kOther, std::move(message)});
  if (!j.at("error").is_null()) r.error = j.at("error").get<std::string>();
  return r;
}

}  // namespace vigil::engine
