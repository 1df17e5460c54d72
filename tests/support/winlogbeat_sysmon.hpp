#pragma once

#include <cstddef>
#include <string>

namespace vigil::test {

// A Sysmon process start as Winlogbeat 8 ships it raw (output.kafka),
// stamped now, for tests that produce many events into Kafka: `padding`
// bytes of ParentCommandLine size it.
std::string winlogbeat_sysmon(const std::string& host, const std::string& command_line, std::size_t padding);

inline constexpr const char* kPowerShellImage = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";

// A Sysmon process start of `image` on WS01 by CORP\mallory, as Winlogbeat 8
// ships it raw with its @metadata, stamped now: what a detection rule sees.
std::string winlogbeat_process_start(const std::string& command_line, const std::string& image = kPowerShellImage);

}  // namespace vigil::test
