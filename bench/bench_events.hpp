#pragma once

#include <cstdint>
#include <string>

namespace vigil::bench {

// A raw Winlogbeat 8.x Sysmon event 1 of about 1.2 KB, as shipped before
// Elastic's ingest pipeline runs. Every `powershell_every`-th event is a
// powershell.exe start; every `match_every`-th is one that the ActiveSync
// rule matches (0: never).
std::string sysmon_event(std::uint64_t n, std::uint64_t powershell_every, std::uint64_t match_every,
                         const std::string& timestamp);

}  // namespace vigil::bench
