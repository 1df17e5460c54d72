#include "outputs/cef.hpp"

#include "config/version.hpp"
#include "engine/outputs/output_filter.hpp"
#include "outputs/alert_fields.hpp"

namespace vigil::outputs {
namespace {

using engine::outputs::OutboxKind;

std::string header_field(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '|' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string extension_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '=') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out;
}

int cef_severity(const std::string& severity) {
  static constexpr int kBySeverityRank[] = {0, 3, 5, 8, 10};
  return kBySeverityRank[engine::outputs::severity_rank(severity)];
}

}  // namespace

std::string cef_record(const engine::outputs::OutboxEntry& entry) {
  const auto& alert = entry.alert;
  const auto mitre = alert_techniques(alert, ",");
  std::string record = "CEF:0|Vigil|vigild|" + header_field(kVersion) + "|" +
                       header_field(alert_field(alert, "/rule/id")) + "|" +
                       header_field(alert_field(alert, "/rule/name")) + "|" +
                       std::to_string(cef_severity(alert_field(alert, "/rule/severity"))) + "|";
  std::string extensions;
  const auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    extensions += (extensions.empty() ? "" : " ") + std::string(key) + "=" + extension_value(value);
  };
  add("rt", std::to_string(entry.at));
  add("externalId", entry.idempotency_key());
  add("act", entry.type());
  add("dhost", alert_field(alert, "/host/name"));
  add("duser", alert_field(alert, "/user/name"));
  add("msg", alert_field(alert, "/reason"));
  if (!mitre.empty()) {
    add("cs1Label", "mitre");
    add("cs1", mitre);
  }
  add("cs2Label", "status");
  add("cs2", alert_field(alert, "/status"));
  if (entry.kind == OutboxKind::kAlertTriaged) {
    add("cs3Label", "change");
    add("cs3", entry.change.value("changes", nlohmann::json::array()).dump());
    add("suser", entry.change.value("author", std::string()));
  }
  return record + extensions;
}

}  // namespace vigil::outputs
