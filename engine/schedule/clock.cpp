#include "engine/schedule/clock.hpp"

#include <chrono>

namespace vigil::engine {

TimeMs SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace vigil::engine
