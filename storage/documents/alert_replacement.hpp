#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "engine/store/alert_store.hpp"

namespace vigil::storage {

// What a replace_existing alert's re-evaluation stores over `stored` (the
// stored document): its own document, keeping the first created_at and
// the analyst's status, with updated_at set to when it was re-evaluated.
// nullopt when its figures are those stored, so re-evaluating a quiet bin
// counts as a duplicate.
std::optional<nlohmann::json> replacement_document(const nlohmann::json& stored, const engine::Alert& alert);

}  // namespace vigil::storage
