#pragma once

#include <cstdint>

namespace vigil::engine {

// How big the store is, for /metrics and the disk health check.
struct StorageFigures {
  std::uint64_t database_bytes = 0;  // what the database takes on disk
  std::uint64_t events = 0;
  std::uint64_t alerts = 0;
};

}  // namespace vigil::engine
