#include "engine/hunt/expression_binder.hpp"

#include <algorithm>
#include <array>

#include "engine/hunt/aggregates.hpp"
#include "engine/hunt/catalog.hpp"
#include "engine/hunt/functions.hpp"
#include "engine/hunt/hunt_error.hpp"

namespace vigil::engine::hunt {
namespace {

std::string plural(int n) { return n == 1 ? "argument" : "arguments"; }

}  // namespace

ExpressionBinder::ExpressionBinder(const LetScope& lets, std::function<PlanPtr(const Expr&)> bind_table)
    : lets_(lets), bind_table_(std::move(bind_table)) {}

void ExpressionBinder::fail(const Position& at, const std::string& message) {
  throw HuntError(HuntErrorCode::kSemantic, message, at.line, at.column);
}

void ExpressionBinder::unresolved(const Position& at, std::string_view name) {
  fail(at, "Failed to resolve table or column expression named '" + std::string(name) + "'");
}

BoundExprPtr ExpressionBinder::column(std::size_t index, Type type) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExpr::Kind::kColumn;
  e->column = index;
  e->type = type;
  e->row_independent = false;
  return e;
}

BoundExprPtr ExpressionBinder::constant(Value value) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExpr::Kind::kConstant;
  e->type = value.type();
  e->value = std::move(value);
  return e;
}

bool ExpressionBinder::is_tabular(const Expr& expr) const {
  switch (expr.kind) {
    case Expr::Kind::kPipeline:
      return true;
    case Expr::Kind::kName:
      return lets_.tables.contains(expr.name) ||
             (!lets_.scalars.contains(expr.name) && find_table(expr.name) != nullptr);
    case Expr::Kind::kCall:
      return expr.name == "materialize";
    default:
      return false;
  }
}

BoundExprPtr ExpressionBinder::call(std::string_view name, std::vector<BoundExprPtr> args, const Position& at,
                                    std::string_view op) {
  const ScalarFunction* f = find_scalar_function(name);
  if (f == nullptr) fail(at, "'" + std::string(op) + "' operator: Unknown function: '" + std::string(name) + "'");
  const int n = static_cast<int>(args.size());
  if (n < f->min_args || (f->max_args >= 0 && n > f->max_args)) {
    const std::string expected = f->min_args == f->max_args ? std::to_string(f->min_args)
                                 : f->max_args < 0          ? "at least " + std::to_string(f->min_args)
                                                   : std::to_string(f->min_args) + " to " + std::to_string(f->max_args);
    fail(at, "'" + std::string(op) + "' operator: function '" + std::string(name) + "' expects " + expected + " " +
                 plural(f->max_args) + ", got " + std::to_string(n));
  }
  std::vector<Type> types;
  for (const auto& a : args) types.push_back(a->type);
  std::string error;
  const Type type = f->result(types, error);
  if (!error.empty()) fail(at, "'" + std::string(op) + "' operator: '" + std::string(name) + "': " + error);
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExpr::Kind::kCall;
  e->type = type;
  e->eval = f->eval;
  e->function = f->name;
  for (const auto& a : args) e->row_independent = e->row_independent && a->row_independent;
  // A call reading no column (now(-7d), a let's arithmetic) has one value for the whole query: computed once.
  if (e->row_independent) e->cache = std::make_shared<BoundExpr::Cache>();
  e->args = std::move(args);
  return e;
}

BoundExprPtr ExpressionBinder::subquery(const Expr& table, bool as_list, const Position& at, std::string_view op) {
  PlanPtr plan = bind_table_(table);
  if (plan->schema.columns.empty())
    fail(at, "'" + std::string(op) + "' operator: the tabular expression has no columns");
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExpr::Kind::kSubquery;
  e->type = as_list ? Type::kDynamic : plan->schema.columns.front().type;
  e->plan = std::move(plan);
  e->as_list = as_list;
  e->cache = std::make_shared<BoundExpr::Cache>();
  return e;
}

BoundExprPtr ExpressionBinder::bind(const Expr& expr, const Schema& row, std::string_view op) {
  switch (expr.kind) {
    case Expr::Kind::kLiteral:
      return constant(expr.value);
    case Expr::Kind::kName: {
      if (const auto i = row.find(expr.name)) return column(*i, row.columns[*i].type);
      if (const auto it = lets_.scalars.find(expr.name); it != lets_.scalars.end()) return it->second;
      if (is_tabular(expr))
        fail(expr.at, "'" + std::string(op) + "' operator: '" + expr.name +
                          "' is a tabular expression; a scalar is expected here (use toscalar())");
      unresolved(expr.at, expr.name);
    }
    case Expr::Kind::kUnary:
      return call(expr.op == "-" ? "neg" : expr.op, {bind(*expr.args[0], row, op)}, expr.at, op);
    case Expr::Kind::kBinary:
      return call(expr.op, {bind(*expr.args[0], row, op), bind(*expr.args[1], row, op)}, expr.at, op);
    case Expr::Kind::kIn: {
      std::vector<BoundExprPtr> args{bind(*expr.args[0], row, op)};
      for (std::size_t i = 1; i < expr.args.size(); ++i) {
        const auto& item = *expr.args[i];
        args.push_back(is_tabular(item) ? subquery(item, true, item.at, op) : bind(item, row, op));
      }
      return call(expr.op, std::move(args), expr.at, op);
    }
    case Expr::Kind::kBetween: {
      auto value = bind(*expr.args[0], row, op);
      auto range = call("and",
                        {call(">=", {value, bind(*expr.args[1], row, op)}, expr.at, op),
                         call("<=", {value, bind(*expr.args[2], row, op)}, expr.at, op)},
                        expr.at, op);
      return expr.op == "!between" ? call("not", {range}, expr.at, op) : range;
    }
    case Expr::Kind::kCall:
      return bind_call(expr, row, op);
    case Expr::Kind::kMember: {
      auto object = bind(*expr.args[0], row, op);
      if (object->type != Type::kDynamic)
        fail(expr.at, "'" + std::string(op) + "' operator: cannot access member '" + expr.name +
                          "' of a value of type " + std::string(type_name(object->type)));
      return call(".", {object, constant(Value::string(expr.name))}, expr.at, op);
    }
    case Expr::Kind::kIndex: {
      auto object = bind(*expr.args[0], row, op);
      if (object->type != Type::kDynamic)
        fail(expr.at, "'" + std::string(op) + "' operator: cannot index a value of type " +
                          std::string(type_name(object->type)));
      auto index = bind(*expr.args[1], row, op);
      // split(x, d)[i] with a whole index picks its element in place: the
      // playbook's fourth query does it for every message.
      if (object->kind == BoundExpr::Kind::kCall && object->function == "split" && object->args.size() == 2 &&
          (index->type == Type::kLong || index->type == Type::kInt))
        return call("split()[]", {object->args[0], object->args[1], std::move(index)}, expr.at, op);
      return call("[]", {object, std::move(index)}, expr.at, op);
    }
    case Expr::Kind::kPipeline:
      fail(expr.at, "'" + std::string(op) + "' operator: a tabular expression is not allowed here (use toscalar())");
    case Expr::Kind::kStar:
      fail(expr.at, "'" + std::string(op) + "' operator: '*' is not allowed here");
  }
  fail(expr.at, "'" + std::string(op) + "' operator: unsupported expression");
}

BoundExprPtr ExpressionBinder::bind_call(const Expr& expr, const Schema& row, std::string_view op) {
  if (expr.name == "toscalar") {
    if (expr.args.size() != 1)
      fail(expr.at, "'" + std::string(op) + "' operator: function 'toscalar' expects 1 argument");
    const auto& arg = *expr.args[0];
    if (!is_tabular(arg)) return bind(arg, row, op);  // toscalar of a scalar is the scalar
    return subquery(arg, false, expr.at, op);
  }
  if (expr.name == "materialize")
    fail(expr.at, "'" + std::string(op) + "' operator: materialize() must be the value of a let statement");
  if (find_aggregate(expr.name) != nullptr)
    fail(expr.at,
         "'" + std::string(op) + "' operator: aggregate function '" + expr.name + "' is only allowed in summarize");
  std::vector<BoundExprPtr> args;
  for (const auto& a : expr.args) args.push_back(bind(*a, row, op));
  return call(expr.name, std::move(args), expr.at, op);
}

std::optional<std::string> derived_name(const Expr& expr) {
  switch (expr.kind) {
    case Expr::Kind::kName:
      return expr.name;
    case Expr::Kind::kMember: {
      const auto base = derived_name(*expr.args[0]);
      return base ? std::optional(*base + "_" + expr.name) : std::nullopt;
    }
    case Expr::Kind::kCall: {
      // Kusto names bin(Timestamp, 1h) "Timestamp", and likewise rounding
      // and conversion functions of one column.
      static constexpr std::array<std::string_view, 13> kTransparent = {
          "bin",    "floor",   "startofday", "tostring",   "tolong", "toint",     "todouble",
          "toreal", "tolower", "toupper",    "todatetime", "tobool", "totimespan"};
      if (expr.args.empty() || std::find(kTransparent.begin(), kTransparent.end(), expr.name) == kTransparent.end())
        return std::nullopt;
      return derived_name(*expr.args[0]);
    }
    default:
      return std::nullopt;
  }
}

}  // namespace vigil::engine::hunt
