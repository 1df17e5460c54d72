#pragma once

#include <map>
#include <vector>

#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// Which columns of each table scan a query reads, so that a scan converts
// only those from the stored documents (the others stay null): the
// playbook's queries read a handful of a table's forty-odd columns.
// Computed once per query from the root (every output column read),
// through every operator and every subquery (toscalar, `in (T)`) the
// expressions hold; a plan node reached along several paths reads the
// union. Single-threaded.
class ColumnUsage {
 public:
  explicit ColumnUsage(const LogicalPlan& root);

  // The columns of `plan`'s output that are read; nullptr when unknown (read all).
  const std::vector<bool>* read_columns(const LogicalPlan& plan) const;

 private:
  void require(const LogicalPlan& plan, const std::vector<bool>& columns);
  void refs(const BoundExpr& expr, std::vector<bool>& columns);
  void require_all(const LogicalPlan& plan);

  std::map<const LogicalPlan*, std::vector<bool>> needed_;
};

}  // namespace vigil::engine::hunt
