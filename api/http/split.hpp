#pragma once

#include <string_view>
#include <vector>

namespace vigil::api {

// Splits `text` at every `separator`, keeping empty parts ("a,,b" gives
// "a", "", "b"; "" gives one empty part). The parts view into `text`.
std::vector<std::string_view> split(std::string_view text, char separator);

// `text` without leading and trailing spaces and tabs (HTTP's optional
// whitespace around header values and list elements).
std::string_view trim(std::string_view text);

}  // namespace vigil::api
