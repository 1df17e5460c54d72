#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/hunt/value.hpp"

namespace vigil::engine::hunt {

struct LogicalPlan;
class ExecContext;

// Evaluates a scalar function or operator over evaluated arguments.
using ScalarEval = Value (*)(std::span<const Value> args, ExecContext& context);

// A scalar expression after binding: names resolved to column indices or
// values, the type known, the function chosen. Immutable after binding
// except for a subquery's cached result; shared between the plans that use
// it (a scalar `let` used twice).
struct BoundExpr {
  enum class Kind {
    kConstant,  // value
    kColumn,    // column: an index into the input row
    kCall,      // eval(args)
    kSubquery,  // plan's first column: its first row's value (toscalar) or all rows' values as a dynamic array (in)
  };
  Kind kind = Kind::kConstant;
  Type type = Type::kLong;
  Value value;
  std::size_t column = 0;
  ScalarEval eval = nullptr;
  std::string_view function;  // kCall: the function or operator's name ("==", "and", ...)
  std::vector<std::shared_ptr<const BoundExpr>> args;

  // kSubquery
  std::shared_ptr<const LogicalPlan> plan;
  bool as_list = false;
  struct Cache {
    std::optional<Value> value;
  };
  std::shared_ptr<Cache> cache;

  // True when no column is read: the value is the same for every row.
  bool row_independent = true;
};

using BoundExprPtr = std::shared_ptr<const BoundExpr>;

}  // namespace vigil::engine::hunt
