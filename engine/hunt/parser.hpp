#pragma once

#include <string_view>

#include "engine/hunt/ast.hpp"

namespace vigil::engine::hunt {

// Parses a KQL query: `let` statements separated by `;`, then one tabular
// expression. Throws HuntError (kSyntax) worded as Kusto words it:
// "Query could not be parsed at '<token>' on line [<line>,<column>]".
// Pure: thread-safe.
QueryAst parse_query(std::string_view text);

}  // namespace vigil::engine::hunt
