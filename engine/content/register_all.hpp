#pragma once

#include "engine/detect/content_registry.hpp"

namespace vigil::engine::content {

// Plugs every content module (m365/, activesync/) into `registry`. Called
// once by vigild's wiring before rules run, and by the tests that check
// content; calling it again changes nothing.
void register_all(detect::ContentRegistry& registry);

}  // namespace vigil::engine::content
