#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "api/handlers/alert_formats.hpp"
#include "engine/store/alert_store.hpp"

namespace vigil::api {

// Why a request's parameters were refused: the reason of its 400.
struct ParamError {
  std::string reason;
};
template <typename T>
using Parsed = std::variant<T, ParamError>;

// Upper bound on values of one repeatable filter (rule_id, severity,
// status, classification), so one request cannot build an unbounded query.
inline constexpr std::size_t kMaxFilterValues = 50;

// Largest explicit count limit; `track_total_hits=true` counts exactly.
inline constexpr std::size_t kMaxCountLimit = 10'000'000;

// GET /api/v1/alerts.
struct AlertListParams {
  engine::AlertQuery query;
  AlertFormat format = AlertFormat::kJson;
  bool pretty = false;
};

// The filters shared by the list, the summary and _bulk_update's "filter":
//   rule_id, severity, status, classification (repeatable; classification
//   "none" selects untriaged alerts), host, user, technique (T1234 or
//   T1234.001), tactic (TA0001), since/until (RFC 3339 or date math such as
//   now-24h, relative to `now`), time_field (created_at | original_time), q.
// The list adds sort (created_at | original_time | risk_score), order
// (asc | desc; default desc), limit (1..1000, default 100), cursor, format
// (json | ndjson | csv), pretty, and track_total_hits (true: count every
// match; N: stop counting at N; default engine::AlertQuery's 10,000), as in
// Elasticsearch. An unknown parameter, a second value
// of a single-valued one, or more than kMaxFilterValues of a repeatable
// one is refused.
Parsed<AlertListParams> parse_alert_list_params(const std::multimap<std::string, std::string>& query,
                                                engine::TimeMs now);

// GET /api/v1/alerts/_summary: the filters and pretty.
struct AlertSummaryParams {
  engine::AlertFilter filter;
  bool pretty = false;
};
Parsed<AlertSummaryParams> parse_alert_summary_params(const std::multimap<std::string, std::string>& query,
                                                      engine::TimeMs now);

// Routes that take no filter (one alert) accept only ?pretty.
Parsed<bool> parse_pretty_only(const std::multimap<std::string, std::string>& query);

// GET /api/v1/alerts/{id}/history: pretty, and cursor (a page's next_cursor).
struct AlertHistoryParams {
  std::int64_t after = 0;  // the history entry the page starts after (0: from the first)
  bool pretty = false;
};
Parsed<AlertHistoryParams> parse_alert_history_params(const std::multimap<std::string, std::string>& query);

// _bulk_update's "filter" object: the same keys as the query's filters,
// each a string, or an array of strings for the repeatable ones. {} selects
// every alert.
Parsed<engine::AlertFilter> parse_alert_filter_json(const nlohmann::json& filter, engine::TimeMs now);

}  // namespace vigil::api
