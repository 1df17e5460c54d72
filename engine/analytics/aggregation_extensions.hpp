#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/analytics/group_evidence.hpp"
#include "engine/analytics/named_list.hpp"
#include "engine/analytics/row_check.hpp"

namespace vigil::engine::analytics {

struct AggregationSpec;

// Checks the settings a content module reads from a rule beside the
// aggregation settings (`extra`, with the `spec` read from it): the error
// names the key at fault, "'<key>' <problem>"; nullopt when they are valid
// or absent.
using SettingsCheck = std::optional<std::string> (*)(const nlohmann::json& extra, const AggregationSpec& spec);

// What aggregation rules may use beyond what the core defines: names in
// `checks` and `evidence`, and keys of their own. Content modules add them
// at start-up; read_aggregation_spec resolves a rule's names against them
// and runs the settings checks, so a rule that names a module's settings
// wrongly fails its runs with the reason.
struct AggregationExtensions {
  NamedList<RowCheck> row_checks;
  NamedList<std::shared_ptr<const GroupEvidenceKind>> group_evidence;
  NamedList<SettingsCheck> settings_checks;
};

}  // namespace vigil::engine::analytics
