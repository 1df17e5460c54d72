#pragma once

#include <cstddef>
#include <string>

namespace vigil::api {

// What one alert may weigh in a response. An alert embeds its source event
// whole, and one event field may hold megabytes (a script block, a padded
// command line): twenty such alerts made a 100 MB page. The full event
// stays one GET away, at /{source.index}/_doc/{source.id}.
inline constexpr std::size_t kMaxAlertStringBytes = 64 * 1024;
inline constexpr std::size_t kMaxAlertBytes = 1024 * 1024;

// The JSON text of one alert object within those bounds. Strings longer
// than kMaxAlertStringBytes are cut to that many bytes of their JSON text
// and end in "…[truncated N bytes]" (engine/event/json_string_cut.hpp).
// Then, while the alert still exceeds kMaxAlertBytes (many fields just
// under the cut), its largest top-level members become null, `event` first
// in practice. The names of the fields cut or nulled ("event.message",
// "event") are listed in a top-level "truncated_fields" array, absent when
// nothing was. An alert within kMaxAlertStringBytes comes back unchanged.
// std::invalid_argument when `alert` is no JSON object.
std::string bounded_alert(std::string alert);

}  // namespace vigil::api
