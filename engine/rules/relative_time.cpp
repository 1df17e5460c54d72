#include "engine/rules/relative_time.hpp"

namespace vigil::engine {

std::optional<TimeMs> relative_offset(std::string_view date_math) {
  if (!date_math.starts_with("now")) return std::nullopt;
  // Evaluated at now = 0, date math yields the offset itself.
  return parse_date_math(date_math, 0);
}

}  // namespace vigil::engine
