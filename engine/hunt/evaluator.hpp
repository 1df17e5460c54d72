#pragma once

#include "engine/hunt/bound_expr.hpp"
#include "engine/hunt/exec_context.hpp"

namespace vigil::engine::hunt {

// Evaluates a bound expression over one row of its input. A subquery runs
// on first use and its value is kept for the rest of the query.
Value evaluate(const BoundExpr& expr, const Row& row, ExecContext& context);
// The same without copying a column's or a constant's value: returns a
// reference into `row` or `expr`, or to `storage` holding a computed value.
// Valid while `row`, `expr` and `storage` are.
const Value& evaluate_ref(const BoundExpr& expr, const Row& row, ExecContext& context, Value& storage);

// Kusto's truth of a predicate's value: only bool true passes (null does not).
bool is_true(const Value& value);

}  // namespace vigil::engine::hunt
