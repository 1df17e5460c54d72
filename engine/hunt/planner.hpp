#pragma once

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// Turns a logical plan into operators for one execution. Pushes into a
// table scan what the store can use: the request's time range narrowed by
// `where Timestamp` bounds (between, >, >=, <, <=, == with row-independent
// values such as ago(7d)) and `where Column == "text"` as field equalities;
// fuses the `where` itself and a `take` above it into the scan.
OperatorPtr plan_operators(const LogicalPlan& plan, ExecContext& context);

}  // namespace vigil::engine::hunt
