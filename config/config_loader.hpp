#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "config/options.hpp"

namespace vigil::config {

// A configuration problem that stops start-up. The message names the file,
// the line and column, and the key: "vigil.toml:7:11: server.threads: expected an integer".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Applies the TOML text over `base` (so the file overrides defaults).
// `name` is the file name used in error messages. Unknown keys, wrong
// types and bad values throw ConfigError.
Config load_config_text(std::string_view text, const std::string& name, Config base = {});

Config load_config_file(const std::filesystem::path& path, Config base = {});

// Applies VIGIL_LISTEN, VIGIL_DATA_DIR, VIGIL_STORAGE_BACKEND and
// VIGIL_STORAGE_URL over `config` (env overrides the file). `getenv` is
// injectable for tests. Throws ConfigError naming the variable.
void apply_environment(Config& config, const std::function<const char*(const char*)>& getenv);

// Checks values that no single key can (nothing yet beyond per-key checks;
// kept as the one place cross-key rules go). Throws ConfigError.
void validate(const Config& config);

}  // namespace vigil::config
