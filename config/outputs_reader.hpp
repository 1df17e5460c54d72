#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "config/options.hpp"

namespace vigil::config {

// Reads the [[outputs]] array of tables of the file `file`: every key
// checked against the output's kind, names unique, the HMAC secret read
// from its file. Throws ConfigError naming file:line:column and the key.
std::vector<OutputOptions> read_outputs(const toml::node& node, const std::string& file);

}  // namespace vigil::config
