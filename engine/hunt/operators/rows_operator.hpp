#pragma once

#include <memory>
#include <vector>

#include "engine/hunt/operators/operator.hpp"

namespace vigil::engine::hunt {

// Rows already computed: getschema's, or a materialized let's (shared by
// every use of it in the query).
class RowsOperator final : public Operator {
 public:
  explicit RowsOperator(std::shared_ptr<const std::vector<Row>> rows);
  std::optional<Row> next() override;

 private:
  std::shared_ptr<const std::vector<Row>> rows_;
  std::size_t next_ = 0;
};

}  // namespace vigil::engine::hunt
