#pragma once

#include <string>
#include <string_view>

namespace vigil::engine::triage {

// What an analyst may set on an alert, and what a query may filter on: each
// value parses to its canonical spelling, or to an error that names the
// field and lists what it allows (the reason a 400 carries).
struct ParsedValue {
  std::string value;  // canonical spelling when parsed
  std::string error;  // empty when parsed

  bool ok() const { return error.empty(); }
};

// The classification a query selects and a change clears with: "none".
inline constexpr std::string_view kUnsetClassification = "none";

// Elastic's workflow status: open | acknowledged | closed.
ParsedValue parse_status(std::string_view text);

// true_positive | false_positive | benign_positive, also in Defender's
// spelling (truePositive, falsePositive, informationalExpectedActivity =
// benign_positive) so Graph exports round-trip; "null" and "none" give
// kUnsetClassification.
ParsedValue parse_classification(std::string_view text);

// Exactly Microsoft Graph's alertDetermination values (apt, malware, ...).
ParsedValue parse_determination(std::string_view text);

// Elastic's rule severities: low | medium | high | critical.
ParsedValue parse_severity(std::string_view text);

}  // namespace vigil::engine::triage
