#include "engine/content/activesync/activesync_enricher.hpp"

#include <optional>
#include <string>

#include "engine/content/activesync/activesync_extractor.hpp"
#include "engine/event/field_lookup.hpp"

namespace vigil::engine::content::activesync {
namespace {

// The command line as PowerShell received it. Sources that carry only the
// argument vector get it re-joined with blanks, as powershell.exe itself
// joins the arguments after -Command.
std::optional<std::string> command_line(const nlohmann::json& document) {
  if (const auto* line = find_field(document, "process.command_line"); line && line->is_string()) {
    return line->get<std::string>();
  }
  const auto* args = find_field(document, "process.args");
  if (args == nullptr || !args->is_array()) return std::nullopt;
  std::string joined;
  for (const auto& arg : *args) {
    if (!arg.is_string()) continue;
    if (!joined.empty()) joined += ' ';
    joined += arg.get<std::string>();
  }
  return joined;
}

}  // namespace

// From the command line of a process event, else from the parameters of an
// Exchange Online audit record (CloudAppEvents).
void enrich_alert(const nlohmann::json& event, nlohmann::json& alert) {
  const auto line = command_line(event);
  auto change = line ? extract_activesync(*line) : std::nullopt;
  if (!change) change = extract_activesync_parameters(event);
  if (!change) return;
  nlohmann::json fields = {
      {"device_ids", change->device_ids},
      {"identity", change->identity ? nlohmann::json(*change->identity) : nlohmann::json(nullptr)},
  };
  if (!change->removed_device_ids.empty()) fields["removed_device_ids"] = change->removed_device_ids;
  alert["activesync"] = std::move(fields);
}

}  // namespace vigil::engine::content::activesync
