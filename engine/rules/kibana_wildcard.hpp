#pragma once

#include <string_view>

#include "engine/eql/wildcard.hpp"

namespace vigil::engine {

// Compiles a wildcard as Kibana exceptions and index patterns write it
// (`*` any run, `?` one character, `\` makes the next character literal) into
// the EQL engine's matcher, so both match exactly alike. Case-sensitive, as
// Kibana's exception wildcards on keyword fields are.
eql::WildcardPattern compile_kibana_wildcard(std::string_view pattern);

}  // namespace vigil::engine
