#pragma once

#include <string_view>
#include <vector>

#include "engine/eql/token.hpp"

namespace vigil::engine::eql {

// Splits EQL query text into tokens, ending with one kEnd token.
//
// Follows the Elasticsearch EQL lexer: double-quoted strings with escapes (\t \b \n \f \r \" \'
// \\ \u{hex}), triple-quoted raw strings, `backquoted` field names, // and /* */ comments,
// lowercase keywords. It rejects what Elasticsearch rejects: single-quoted strings, a lone '=',
// unknown escapes. One extension: \* and \? inside a double-quoted string stand for a literal
// '*' / '?' in wildcard patterns (see Token::literal_wildcards); a plain "\\*" stays a backslash
// followed by a wildcard, which is what Windows path patterns such as "C:\\Windows\\*" need.
//
// Throws SyntaxError with the 1-based line and column of the offending character.
// Stateless function: thread-safe.
std::vector<Token> tokenize(std::string_view text);

}  // namespace vigil::engine::eql
