#pragma once

#include <string>

#include "config/config_loader.hpp"

namespace vigil::config::testing {

// The message load_config_text() refuses `text` with (the file named
// vigil.toml), or "no error".
inline std::string error_of(const std::string& text) {
  try {
    load_config_text(text, "vigil.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace vigil::config::testing
