#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace vigil::bench {

using SteadyClock = std::chrono::steady_clock;

inline double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// "--name VALUE" from argv as a whole number, else `fallback`.
inline std::size_t arg(int argc, char** argv, const std::string& name, std::size_t fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return std::stoul(argv[i + 1]);
  return fallback;
}

}  // namespace vigil::bench
