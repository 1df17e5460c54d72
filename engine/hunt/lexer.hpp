#pragma once

#include <string_view>
#include <vector>

#include "engine/hunt/token.hpp"

namespace vigil::engine::hunt {

// Splits KQL text into tokens, skipping whitespace and // comments; line
// breaks count as whitespace anywhere. Names keep Kusto's compound
// spellings as one token: "project-away", "mv-expand", "in~", "!in~",
// "!has", "!contains", "!between". Throws HuntError (kSyntax) with the
// position of a bad character or an unterminated literal. Pure: thread-safe.
std::vector<Token> tokenize(std::string_view text);

}  // namespace vigil::engine::hunt
