#include "engine/outputs/backoff.hpp"

#include <algorithm>

namespace vigil::engine::outputs {

TimeMs BackoffPolicy::delay(int failures, double jitter) const {
  TimeMs step = std::max<TimeMs>(1, initial_ms);
  // Doubling stops at the cap, so no shift overflows however many failures.
  for (int n = 1; n < failures && step < max_ms; ++n) step *= 2;
  step = std::min(step, std::max<TimeMs>(1, max_ms));
  const auto half = step / 2;
  return half + static_cast<TimeMs>(static_cast<double>(step - half) * std::clamp(jitter, 0.0, 1.0));
}

}  // namespace vigil::engine::outputs
