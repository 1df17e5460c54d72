#pragma once

#include <string>

namespace vigil::daemon {

// Sets up the default spdlog logger on stderr: human text, or one JSON
// object per line for log pipelines.
void setup_logging(const std::string& level, const std::string& format);

}  // namespace vigil::daemon
