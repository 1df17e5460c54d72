#pragma once

#include "engine/time/timestamp.hpp"

namespace vigil::engine::outputs {

// How long to wait before retrying an entry: exponential in the failures so
// far, capped, with jitter so outputs (and vigild instances) that failed
// together do not retry in lockstep against a receiver coming back.
struct BackoffPolicy {
  TimeMs initial_ms = 1000;
  TimeMs max_ms = 300000;

  // The wait after the `failures`-th failure (1: the first), for `jitter` in
  // [0, 1): half the exponential step, plus `jitter` times the other half
  // ("equal jitter"), so a wait never drops below half its step.
  TimeMs delay(int failures, double jitter) const;
};

}  // namespace vigil::engine::outputs
