#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "engine/analytics/named_list.hpp"

namespace vigil::engine::detect {

// Adds to an alert's document what a content module (engine/content/)
// reads in the event the alert was built from. `event` is the source
// document; an enricher that finds nothing of its own leaves `alert` alone. Must be pure and thread-safe: runs call it concurrently.
using AlertEnricher = std::function<void(const nlohmann::json& event, nlohmann::json& alert)>;

// The enrichers build_alert applies, in the order they were added. Filled
// at start-up (engine::content::register_all) before any rule runs, and
// only read afterwards: adding is not thread-safe, enrich() is.
class AlertEnrichers {
 public:
  // Adds `enricher` under `name`, replacing one added under the same name,
  // so that registering content twice changes nothing.
  void add(std::string name, AlertEnricher enricher) { enrichers_.add(std::move(name), std::move(enricher)); }

  void enrich(const nlohmann::json& event, nlohmann::json& alert) const;

 private:
  analytics::NamedList<AlertEnricher> enrichers_;
};

}  // namespace vigil::engine::detect
