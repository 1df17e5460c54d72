#pragma once

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// Turns a logical plan into operators for one execution. Pushes into a
// table scan what the store can use: the request's time range narrowed by
// `where Timestamp` bounds (between, >, >=, <, <=, == with row-independent
// values such as ago(7d)), `where Column == "text"` and `where Column in
// ("a", toscalar(T))` as field equalities; fuses the stacked `where`s
// themselves and a `take` above them into the scan.
OperatorPtr plan_operators(const LogicalPlan& plan, ExecContext& context);

}  // namespace vigil::engine::hunt
