#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/hunt/exec_context.hpp"
#include "engine/hunt/operators/operator.hpp"
#include "engine/hunt/plan.hpp"

namespace vigil::engine::hunt {

// Reads a table's rows from the store (HuntSource) in time order, a chunk
// of events at a time, so that it never holds more than one chunk's rows.
// The planner pushes into it what the backend can use (the time range,
// field equalities) and what it applies itself while reading: the predicate
// of the `where`s right above it and the row limit of a `take` above them.
// Each chunk is a new scan resuming after the last event read (its
// timestamp, and how many events of that timestamp were read). When the
// backend keeps the columns the query reads apart from the documents
// (HuntSource::scan_fields), it reads those instead of documents. Its rows
// are as wide as the table, unread columns null, or compact: only the
// columns the query reads (column_layout.hpp), its predicates remapped so.
// A chunk's rows are kept from one chunk to the next and refilled in place,
// and next_into() swaps the consumer's row for the next one, so that rows
// read from fields reuse the storage of rows already consumed.
class ScanOperator final : public FillingOperator {
 public:
  // `predicates`: those of the `where`s stacked on the table, applied in order.
  ScanOperator(const LogicalPlan& plan, ExecContext& context, TableScan scan, std::vector<BoundExprPtr> predicates,
               std::optional<std::size_t> limit, bool compact = false);
  ~ScanOperator() override;
  bool next_into(Row& row) override;

 private:
  void fetch();
  // The row to fill next: the first free one of the chunk, whatever it holds.
  Row& free_row();
  // Keeps the row free_row() gave, now filled, unless a predicate rejects
  // it; returns false once the limit is reached.
  bool accept();

  const LogicalPlan& plan_;
  ExecContext& context_;
  TableScan scan_;
  std::vector<BoundExprPtr> predicates_;
  std::optional<std::size_t> limit_;
  const std::vector<bool>* read_;
  bool compact_;
  std::vector<std::string> fields_;         // the names of the columns read_ marks
  std::vector<std::size_t> field_columns_;  // and their schema indexes
  std::size_t produced_ = 0;
  bool done_ = false;
  std::size_t skip_ = 0;  // events at scan_.start already read
  Row null_row_;          // every column null, of its type: a wide row read from fields starts as a copy
  struct Held {
    Row row;
    std::int64_t bytes;  // charged against the memory budget while held
  };
  std::vector<Held> rows_;  // the chunk's, kept at [next_, filled_); their storage is reused
  std::size_t next_ = 0;
  std::size_t filled_ = 0;
  std::int64_t charged_ = 0;
};

}  // namespace vigil::engine::hunt
