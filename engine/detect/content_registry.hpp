#pragma once

#include "engine/detect/alert_enrichers.hpp"

namespace vigil::engine::detect {

// Where content modules (engine/content/) plug into detection, so that the
// core names no product: what they add to alerts built from one event.
struct ContentRegistry {
  AlertEnrichers alert_enrichers;
};

// The process's registry, which build_alert reads. It starts empty: vigild
// (and a test that wants content) fills it once with
// engine::content::register_all before any rule runs. An explicit call
// rather than self-registering statics, which a static library link drops.
ContentRegistry& content_registry();

}  // namespace vigil::engine::detect
