#include "engine/detect/alert_reason.hpp"

#include <optional>

#include "engine/detect/field_text.hpp"

namespace vigil::engine::detect {
namespace {

// " source 10.0.0.1:443," — the endpoint part for `prefix` ("source" / "destination").
std::optional<std::string> endpoint_part(const nlohmann::json& event, const std::string& prefix) {
  auto address = field_text(event, prefix + ".address");
  if (!address) address = field_text(event, prefix + ".ip");
  if (!address) return std::nullopt;
  std::string part = " " + prefix + " " + *address;
  if (const auto port = field_text(event, prefix + ".port")) part += ":" + *port;
  return part + ",";
}

}  // namespace

std::string alert_reason(const nlohmann::json& event, std::string_view severity, std::string_view rule_name) {
  std::string details;
  const auto add = [&](const char* label, const char* path) {
    if (const auto text = field_text(event, path)) details += std::string(" ") + label + " " + *text + ",";
  };
  add("process", "process.name");
  add("parent process", "process.parent.name");
  add("file", "file.name");
  for (const char* prefix : {"source", "destination"}) {
    if (const auto part = endpoint_part(event, prefix)) details += *part;
  }

  std::string reason;
  if (const auto category = field_text(event, "event.category")) reason = *category + " ";
  reason += "event";
  if (!details.empty()) reason += " with" + details;
  if (const auto user = field_text(event, "user.name")) reason += " by " + *user;
  if (const auto host = field_text(event, "host.name")) reason += " on " + *host;
  reason += " created ";
  reason += severity;
  reason += " alert ";
  reason += rule_name;
  reason += ".";
  return reason;
}

}  // namespace vigil::engine::detect
