#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "engine/hunt/ast.hpp"
#include "engine/hunt/bound_expr.hpp"
#include "engine/hunt/plan.hpp"
#include "engine/hunt/schema.hpp"

namespace vigil::engine::hunt {

// The names `let` statements defined so far.
struct LetScope {
  std::map<std::string, BoundExprPtr, std::less<>> scalars;
  std::map<std::string, PlanPtr, std::less<>> tables;
};

// Binds scalar expressions against a row schema and the lets in scope:
// resolves names (columns first, then scalar lets), picks functions and
// checks their argument types. Tabular operands (toscalar(T), `in (T)`)
// are bound through `bind_table`. Throws HuntError (kSemantic) naming the
// operator (`op`, e.g. "where") and the position of the offending node.
// Single-threaded; holds references to the scope and the callback.
class ExpressionBinder {
 public:
  ExpressionBinder(const LetScope& lets, std::function<PlanPtr(const Expr&)> bind_table);

  BoundExprPtr bind(const Expr& expr, const Schema& row, std::string_view op);
  // Whether the expression denotes a table: a pipeline, a table name, a tabular let, materialize().
  bool is_tabular(const Expr& expr) const;

  // A call of a scalar function on bound arguments, type-checked.
  BoundExprPtr call(std::string_view name, std::vector<BoundExprPtr> args, const Position& at, std::string_view op);
  static BoundExprPtr column(std::size_t index, Type type);
  static BoundExprPtr constant(Value value);

  [[noreturn]] static void fail(const Position& at, const std::string& message);
  [[noreturn]] static void unresolved(const Position& at, std::string_view name);

 private:
  BoundExprPtr bind_call(const Expr& expr, const Schema& row, std::string_view op);
  BoundExprPtr subquery(const Expr& table, bool as_list, const Position& at, std::string_view op);

  const LetScope& lets_;
  std::function<PlanPtr(const Expr&)> bind_table_;
};

// The name Kusto gives an unnamed expression's column: a column's own name,
// `a.b` → "a_b", a function of a column (bin(Timestamp, 1h), tostring(x)) →
// that column's name; nullopt when none can be derived.
std::optional<std::string> derived_name(const Expr& expr);

}  // namespace vigil::engine::hunt
