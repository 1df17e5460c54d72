#pragma once

#include <cstddef>
#include <string>

namespace vigil::test {

// A Sysmon process start as Winlogbeat 8 ships it raw (output.kafka),
// stamped now, for tests that produce many events into Kafka: `padding`
// bytes of ParentCommandLine size it.
std::string winlogbeat_sysmon(const std::string& host, const std::string& command_line, std::size_t padding);

}  // namespace vigil::test
