#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "config/options.hpp"

namespace vigil::config {

// Reads the [[inputs.kafka]] array of tables of the file `file`: every key
// checked, names unique, security settings consistent, the SASL password
// read from its file. Throws ConfigError naming file:line:column and the key.
std::vector<KafkaInputOptions> read_kafka_inputs(const toml::node& node, const std::string& file);

}  // namespace vigil::config
