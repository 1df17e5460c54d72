#include "engine/hunt/evaluator.hpp"

#include <array>
#include <optional>

#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {
namespace {

Value subquery(const BoundExpr& expr, ExecContext& context) {
  if (expr.cache->value) return *expr.cache->value;
  const auto rows = context.run(*expr.plan);
  Value result;
  if (expr.as_list) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : rows) list.push_back(to_json(r.front()));
    result = Value::dynamic(std::move(list));
  } else if (rows.empty()) {
    result = Value::null(expr.type);
  } else {
    // Kusto leaves the order open; Vigil takes the first row its input produced.
    result = rows.front().front();
  }
  expr.cache->value = result;
  return result;
}

const Value& once(const BoundExpr& expr, const Row& row, ExecContext& context);

// The value of a column, a constant or a call computed once, where it lies; nullptr for any other expression.
const Value* in_place(const BoundExpr& expr, const Row& row, ExecContext& context) {
  if (expr.kind == BoundExpr::Kind::kColumn) return &row[expr.column];
  if (expr.kind == BoundExpr::Kind::kConstant) return &expr.value;
  if (expr.kind == BoundExpr::Kind::kCall && expr.cache) return &once(expr, row, context);
  return nullptr;
}

// An argument's value: in place where it can be, else computed into `held`, which only then holds a Value.
const Value& argument(const BoundExpr& arg, const Row& row, ExecContext& context, std::optional<Value>& held) {
  if (const auto* v = in_place(arg, row, context)) return *v;
  return held.emplace(evaluate(arg, row, context));
}

// A call over its arguments. Most calls take one to three: fixed arrays.
Value call(const BoundExpr& expr, const Row& row, ExecContext& context) {
  const auto n = expr.args.size();
  if (n <= 4) {
    std::array<std::optional<Value>, 4> held;
    std::array<const Value*, 4> args;
    for (std::size_t i = 0; i < n; ++i) args[i] = &argument(*expr.args[i], row, context, held[i]);
    return expr.eval(Args(std::span<const Value* const>(args.data(), n)), context);
  }
  std::vector<std::optional<Value>> held(n);
  std::vector<const Value*> args(n);
  for (std::size_t i = 0; i < n; ++i) args[i] = &argument(*expr.args[i], row, context, held[i]);
  return expr.eval(Args(args), context);
}

// A row-independent call's value (the binder gives those a cache), computed on first use.
const Value& once(const BoundExpr& expr, const Row& row, ExecContext& context) {
  if (!expr.cache->value) expr.cache->value = call(expr, row, context);
  return *expr.cache->value;
}

}  // namespace

Value evaluate(const BoundExpr& expr, const Row& row, ExecContext& context) {
  switch (expr.kind) {
    case BoundExpr::Kind::kConstant:
      return expr.value;
    case BoundExpr::Kind::kColumn:
      return row[expr.column];
    case BoundExpr::Kind::kSubquery:
      return subquery(expr, context);
    case BoundExpr::Kind::kCall:
      break;
  }
  return expr.cache ? once(expr, row, context) : call(expr, row, context);
}

const Value& evaluate_ref(const BoundExpr& expr, const Row& row, ExecContext& context, Value& storage) {
  if (const auto* v = in_place(expr, row, context)) return *v;
  storage = evaluate(expr, row, context);
  return storage;
}

bool is_true(const Value& value) {
  Value storage;
  const Value& v = unwrapped(value, storage);
  return v.type() == Type::kBool && !v.is_null() && v.as_bool();
}

}  // namespace vigil::engine::hunt
