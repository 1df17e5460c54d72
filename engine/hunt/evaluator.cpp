#include "engine/hunt/evaluator.hpp"

#include <array>

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
  // Most calls take one to three arguments: evaluated into a fixed array.
  if (expr.args.size() <= 4) {
    std::array<Value, 4> args;
    for (std::size_t i = 0; i < expr.args.size(); ++i) args[i] = evaluate(*expr.args[i], row, context);
    return expr.eval(std::span<const Value>(args.data(), expr.args.size()), context);
  }
  std::vector<Value> args;
  args.reserve(expr.args.size());
  for (const auto& a : expr.args) args.push_back(evaluate(*a, row, context));
  return expr.eval(args, context);
}

const Value& evaluate_ref(const BoundExpr& expr, const Row& row, ExecContext& context, Value& storage) {
  if (expr.kind == BoundExpr::Kind::kColumn) return row[expr.column];
  if (expr.kind == BoundExpr::Kind::kConstant) return expr.value;
  storage = evaluate(expr, row, context);
  return storage;
}

bool is_true(const Value& value) {
  Value storage;
  const Value& v = unwrapped(value, storage);
  return v.type() == Type::kBool && !v.is_null() && v.as_bool();
}

}  // namespace vigil::engine::hunt
