#include "engine/detect/alert_enrichers.hpp"

namespace vigil::engine::detect {

void AlertEnrichers::enrich(const nlohmann::json& event, nlohmann::json& alert) const {
  for (const auto& [name, enricher] : enrichers_) enricher(event, alert);
}

}  // namespace vigil::engine::detect
