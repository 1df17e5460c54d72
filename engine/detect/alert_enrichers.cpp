#include "engine/detect/alert_enrichers.hpp"

#include <algorithm>

namespace vigil::engine::detect {

void AlertEnrichers::add(std::string name, AlertEnricher enricher) {
  const auto same = std::find_if(enrichers_.begin(), enrichers_.end(),
                                 [&](const auto& entry) { return entry.first == name; });
  if (same != enrichers_.end()) {
    same->second = std::move(enricher);
  } else {
    enrichers_.emplace_back(std::move(name), std::move(enricher));
  }
}

void AlertEnrichers::enrich(const nlohmann::json& event, nlohmann::json& alert) const {
  for (const auto& [name, enricher] : enrichers_) enricher(event, alert);
}

}  // namespace vigil::engine::detect
