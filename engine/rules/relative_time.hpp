#pragma once

#include <optional>
#include <string_view>

#include "engine/time/timestamp.hpp"

namespace vigil::engine {

// The offset from "now" of Elastic date math relative to now: "now" → 0,
// "now-9m" → -9 minutes, "now+1h" → +1 hour. nullopt for anything else,
// including absolute dates, which make no sense in a rule that runs on a
// schedule.
std::optional<TimeMs> relative_offset(std::string_view date_math);

}  // namespace vigil::engine
