#pragma once

#include <memory>
#include <optional>

#include "engine/hunt/value.hpp"

namespace vigil::engine::hunt {

// A physical operator: pulls rows from its inputs on demand. Single-threaded;
// owned by the operator above it.
class Operator {
 public:
  virtual ~Operator() = default;
  // The next row, or nullopt when there are no more.
  virtual std::optional<Row> next() = 0;
  // The next row into `row`, whose storage (the row's and its strings')
  // the operator may reuse; false when there are no more. A scan and the
  // `where`s and `extend`s over it refill the rows their consumer hands
  // back (a summarize reads a million rows through one), so that reading a
  // row allocates nothing once the texts fit.
  virtual bool next_into(Row& row) {
    auto next_row = next();
    if (!next_row) return false;
    row = std::move(*next_row);
    return true;
  }
};

// An operator that fills the rows it is handed (the scan, where and the
// projections under a summarize): next() is a new row filled so.
class FillingOperator : public Operator {
 public:
  std::optional<Row> next() final {
    Row row;
    if (!next_into(row)) return std::nullopt;
    return row;
  }
  bool next_into(Row& row) override = 0;
};

using OperatorPtr = std::unique_ptr<Operator>;

}  // namespace vigil::engine::hunt
