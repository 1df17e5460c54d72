#pragma once

#include <vector>

#include "config/options.hpp"
#include "engine/detect/maintenance_window.hpp"

namespace vigil::daemon {

// Turns the configured windows into the engine's; throws
// config::ConfigError naming the window and field for a bad timestamp.
std::vector<engine::detect::MaintenanceWindow> to_maintenance_windows(
    const std::vector<config::MaintenanceWindowOptions>& options);

}  // namespace vigil::daemon
