#pragma once

#include <map>
#include <string>

#include "engine/hunt/ast.hpp"
#include "engine/hunt/expression_binder.hpp"
#include "engine/hunt/plan.hpp"
#include "engine/store/hunt_source.hpp"

namespace vigil::engine::hunt {

// Binds a parsed query against the tables' schemas (their documented
// columns plus the fields `source` reports the stored rows carry): resolves
// every name, checks types and builds the logical plan. Throws HuntError
// (kSemantic) with the position of the problem: "Failed to resolve table
// or column expression named 'X'", or "'<operator>' operator: <problem>".
// Single-threaded; one per query.
class Binder {
 public:
  explicit Binder(HuntSource& source);

  PlanPtr bind(const QueryAst& query);

 private:
  PlanPtr bind_table(const Expr& expr);
  PlanPtr bind_operator(PlanPtr input, const TabularOperator& op);
  PlanPtr table_scan(const Expr& name);

  PlanPtr project(PlanPtr input, const TabularOperator& op);
  PlanPtr extend(PlanPtr input, const std::vector<NamedExpr>& items, std::string_view op);
  PlanPtr project_away(PlanPtr input, const TabularOperator& op);
  PlanPtr project_rename(PlanPtr input, const TabularOperator& op);
  PlanPtr project_reorder(PlanPtr input, const TabularOperator& op);
  PlanPtr summarize(PlanPtr input, const TabularOperator& op);
  PlanPtr distinct(PlanPtr input, const TabularOperator& op);
  PlanPtr sorted(PlanPtr input, const TabularOperator& op);
  PlanPtr mv_expand(PlanPtr input, const TabularOperator& op);
  PlanPtr join(PlanPtr left, const TabularOperator& op);
  PlanPtr union_of(PlanPtr first, const TabularOperator& op);
  PlanPtr getschema(PlanPtr input);

  HuntSource& source_;
  LetScope lets_;
  ExpressionBinder exprs_;
  std::map<std::string, std::vector<HuntSource::Field>> fields_;  // per table, read once per query
};

// A project plan over `input` selecting the given column indices (in order), under new names when given.
PlanPtr select_columns(const PlanPtr& input, const std::vector<std::size_t>& indices,
                       const std::vector<std::string>& names = {});

// A project plan over `input` that sets column `name` (replacing it in place, or appended) to `value`.
PlanPtr with_column(const PlanPtr& input, const std::string& name, BoundExprPtr value);

}  // namespace vigil::engine::hunt
