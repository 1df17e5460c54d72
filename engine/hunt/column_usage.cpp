#include "engine/hunt/column_usage.hpp"

namespace vigil::engine::hunt {
namespace {

std::vector<bool> all(const LogicalPlan& plan) { return std::vector<bool>(plan.schema.size(), true); }

}  // namespace

ColumnUsage::ColumnUsage(const LogicalPlan& root) { require_all(root); }

const std::vector<bool>* ColumnUsage::read_columns(const LogicalPlan& plan) const {
  const auto it = needed_.find(&plan);
  return it == needed_.end() ? nullptr : &it->second;
}

void ColumnUsage::require_all(const LogicalPlan& plan) { require(plan, all(plan)); }

void ColumnUsage::refs(const BoundExpr& expr, std::vector<bool>& columns) {
  if (expr.kind == BoundExpr::Kind::kColumn) columns[expr.column] = true;
  // A subquery's plan is read whole: its first column, or its rows for `in`.
  if (expr.kind == BoundExpr::Kind::kSubquery) require_all(*expr.plan);
  for (const auto& a : expr.args) refs(*a, columns);
}

void ColumnUsage::require(const LogicalPlan& plan, const std::vector<bool>& columns) {
  // Propagated again only when this path reads columns earlier paths did not.
  auto [it, inserted] = needed_.try_emplace(&plan, std::vector<bool>(plan.schema.size(), false));
  bool grew = inserted;
  for (std::size_t i = 0; i < columns.size() && i < it->second.size(); ++i)
    if (columns[i] && !it->second[i]) it->second[i] = grew = true;
  if (!grew) return;
  const std::vector<bool> out = it->second;  // `it` may not survive the recursion's insertions

  using Kind = LogicalPlan::Kind;
  if (plan.inputs.empty()) return;
  const auto& input = *plan.inputs[0];
  std::vector<bool> in(input.schema.size(), false);
  switch (plan.kind) {
    case Kind::kProject:
      for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i]) refs(*plan.exprs[i], in);
      break;
    case Kind::kFilter:
    case Kind::kSort:
    case Kind::kTop:
    case Kind::kTake:
    case Kind::kMvExpand:
      in = out;
      if (plan.predicate) refs(*plan.predicate, in);
      for (const auto& k : plan.sort) refs(*k.expr, in);
      if (plan.count) refs(*plan.count, in);
      for (const auto c : plan.expand) in[c] = true;
      break;
    case Kind::kSummarize:
      for (const auto& k : plan.keys) refs(*k, in);
      for (const auto& a : plan.aggregates) {
        for (const auto& e : a.args) refs(*e, in);
        for (const auto& e : a.carried) refs(*e, in);
      }
      break;
    case Kind::kJoin: {
      const auto& right = *plan.inputs[1];
      std::vector<bool> r(right.schema.size(), false);
      const bool right_only = plan.join_kind == "rightanti" || plan.join_kind == "rightsemi";
      const bool left_only = plan.join_kind == "leftanti" || plan.join_kind == "leftsemi";
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (!out[i]) continue;
        if (right_only) r[i] = true;
        else if (i < in.size()) in[i] = true;
        else if (!left_only) r[i - in.size()] = true;
      }
      for (const auto k : plan.left_keys) in[k] = true;
      for (const auto k : plan.right_keys) r[k] = true;
      require(right, r);
      break;
    }
    case Kind::kUnion:
      for (std::size_t leg = 0; leg < plan.inputs.size(); ++leg) {
        std::vector<bool> cols(plan.inputs[leg]->schema.size(), false);
        for (std::size_t c = 0; c < out.size(); ++c)
          if (out[c] && plan.union_maps[leg][c]) cols[*plan.union_maps[leg][c]] = true;
        require(*plan.inputs[leg], cols);
      }
      return;
    default:  // distinct and materialize read every column of their input
      in = all(input);
      break;
  }
  require(input, in);
}

}  // namespace vigil::engine::hunt
