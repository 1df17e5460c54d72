#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/types.hpp"

namespace vigil::api {

enum class AlertFormat { kJson, kNdjson, kCsv };

// One page of alerts as the client asked for it. JSON (indented when
// `pretty`): {"total", "alerts", "next_cursor"}. NDJSON (one alert per line)
// and CSV carry the total and the next cursor in X-Total-Count and
// X-Next-Cursor (absent on the last page) instead.
struct AlertPageBody {
  std::uint64_t total = 0;
  bool total_exact = true;  // false: at least `total` (counting stopped there)
  std::vector<std::string> alerts;  // each the JSON text of one alert
  std::optional<std::string> next_cursor;
};
Response alert_page_response(const Request& request, AlertPageBody page, AlertFormat format, bool pretty);

// A JSON response, indented by two spaces when `pretty`.
Response alert_json_response(const Request& request, http::status status, const nlohmann::json& body, bool pretty);

// application/x-ndjson: each alert on its own line.
std::string alerts_ndjson(const std::vector<std::string>& alerts);

// text/csv (RFC 4180, CRLF line ends): a header row, then one row per alert
// with the columns id, created_at, original_time, rule_id, rule_name,
// severity, risk_score, status, classification, host, user, mitre
// (';'-separated), reason. Missing values are empty cells.
std::string alerts_csv(const std::vector<std::string>& alerts);

// One CSV cell: quoted when it holds a comma, quote, CR or LF; a text that
// a spreadsheet would run as a formula (leading = + - @ tab or CR) gets a
// leading apostrophe so it shows as text.
std::string csv_cell(std::string_view text);

}  // namespace vigil::api
