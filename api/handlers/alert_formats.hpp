#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/handlers/page_body.hpp"
#include "api/http/types.hpp"

namespace vigil::api {

enum class AlertFormat { kJson, kNdjson, kCsv };

// One page of alerts as the client asked for it, written as the store hands
// over each alert, so that a page never holds more than it will send. JSON
// (indented when `pretty`): {"alerts", "ended_early", "next_cursor",
// "total", "total_relation"}. NDJSON (one alert per line) and CSV (see
// alert_csv_row) carry the total, the next cursor and an early end in
// X-Total-Count, X-Next-Cursor (absent on the last page) and
// X-Page-Ended-Early: true (absent unless it did).
class AlertPageWriter {
 public:
  // `max_bytes`: the body's bound (config server.max_response_bytes).
  AlertPageWriter(AlertFormat format, bool pretty, std::size_t max_bytes);

  // Writes the alert (the JSON text of one alert object) as bounded_alert
  // (alert_bounds.hpp) shapes it. False, writing nothing, when it would take
  // the body past max_bytes: the page ends early, before it (page_body.hpp).
  // A page's first alert is always written; at most kMaxAlertBytes and the
  // envelope, it fits the smallest configurable bound.
  bool add(std::string alert);

  // The response: the alerts written so far, `total` (`total_exact` false:
  // at least that many) and the cursor of the next page, if any.
  Response finish(const Request& request, std::uint64_t total, bool total_exact,
                  const std::optional<std::string>& next_cursor) &&;

 private:
  AlertFormat format_;
  PageBody body_;
};

// One alert (GET and PATCH of /api/v1/alerts/{id}), bounded as a page's
// alerts are (alert_bounds.hpp), indented by two spaces when `pretty`.
Response one_alert_response(const Request& request, const nlohmann::json& alert, bool pretty);

// A JSON response, indented by two spaces when `pretty`.
Response alert_json_response(const Request& request, http::status status, const nlohmann::json& body, bool pretty);

// The text/csv header row (RFC 4180, CRLF line end) and one alert's row,
// with the columns id, created_at, original_time, rule_id, rule_name,
// severity, risk_score, status, classification, host, user, mitre
// (';'-separated), reason. Missing values are empty cells.
std::string alerts_csv_header();
std::string alert_csv_row(const std::string& alert);

// One CSV cell: quoted when it holds a comma, quote, CR or LF; a text that
// a spreadsheet would run as a formula (leading = + - @ tab or CR) gets a
// leading apostrophe so it shows as text.
std::string csv_cell(std::string_view text);

}  // namespace vigil::api
