#pragma once

#include <functional>

#include "config/options.hpp"
#include "daemon/command_line.hpp"

namespace vigil::daemon {

// Resolves the effective configuration: built-in defaults, then the config
// file (--config, else VIGIL_CONFIG), then VIGIL_LISTEN / VIGIL_DATA_DIR /
// VIGIL_STORAGE_BACKEND / VIGIL_STORAGE_URL, then flags. Throws config::ConfigError naming what is wrong.
config::Config resolve_config(const CommandLine& command_line,
                              const std::function<const char*(const char*)>& getenv);

}  // namespace vigil::daemon
