#pragma once

#include "engine/content/m365/evidence_options.hpp"
#include "engine/detect/content_registry.hpp"

namespace vigil::engine::content {

// What the deployment tells content modules (vigild's config).
struct ContentSettings {
  m365::EvidenceOptions m365;  // [m365]
};

// Plugs every content module (m365/, activesync/) into `registry`. Called
// once by vigild's wiring before rules run, and by the tests that check
// content; calling it again with the same settings changes nothing.
void register_all(detect::ContentRegistry& registry, const ContentSettings& settings = {});

}  // namespace vigil::engine::content
