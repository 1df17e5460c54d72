#pragma once

#include <string>
#include <utility>
#include <vector>

#include "config/options.hpp"

namespace vigil::inputs::kafka {

using Settings = std::vector<std::pair<std::string, std::string>>;

// The librdkafka configuration of an [[inputs.kafka]] consumer, in the order
// it is applied: Vigil's defaults, then the named options, then the
// `librdkafka` table (which the config loader keeps off the settings that
// offset handling depends on). Offsets are never committed or stored by
// librdkafka itself: the input commits each partition after the store.
Settings client_settings(const config::KafkaInputOptions& options);

// Whether a setting's value is a secret, never to be logged.
bool is_secret_setting(const std::string& key);

}  // namespace vigil::inputs::kafka
