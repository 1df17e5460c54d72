#pragma once

#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// join: reads the right side into a hash table on its keys (held against
// the memory budget), then streams the left side. Kinds as Kusto's:
// innerunique (the default) keeps only the first left row of each key, in
// input order, then matches it with every right row; inner, leftouter,
// leftanti, leftsemi stream the left side; rightouter, fullouter, rightanti
// and rightsemi add what the right side kept once the left side is done.
// Output rows: left columns then right columns, in left order then right order.
class JoinOperator final : public Operator {
 public:
  JoinOperator(OperatorPtr left, OperatorPtr right, const LogicalPlan& plan, ExecContext& context);
  ~JoinOperator() override;
  std::optional<Row> next() override;

 private:
  void build();
  Row key_of(const Row& row, const std::vector<std::size_t>& keys) const;
  void finish_right();

  OperatorPtr left_;
  OperatorPtr right_;
  const LogicalPlan& plan_;
  ExecContext& context_;
  bool built_ = false;
  bool left_done_ = false;
  std::vector<Row> right_rows_;
  std::vector<bool> right_matched_;
  std::unordered_map<Row, std::vector<std::size_t>, RowHash, RowEqual> table_;
  std::unordered_set<Row, RowHash, RowEqual> left_seen_;  // innerunique
  std::deque<Row> pending_;
  std::size_t left_width_ = 0;
  std::int64_t charged_ = 0;
};

}  // namespace vigil::engine::hunt
