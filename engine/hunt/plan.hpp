#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/hunt/bound_expr.hpp"
#include "engine/hunt/catalog.hpp"
#include "engine/hunt/schema.hpp"

namespace vigil::engine::hunt {

// One aggregate of a summarize: its function, bound arguments and, for
// arg_min/arg_max, the columns it carries from the row it picks.
struct AggregateSpec {
  std::string function;  // "count", "dcount", "arg_min", ...
  std::vector<BoundExprPtr> args;
  std::vector<BoundExprPtr> carried;
  Type type = Type::kLong;  // of the aggregate's own column
};

struct BoundSortKey {
  BoundExprPtr expr;
  bool descending = true;
  bool nulls_first = false;
};

// The logical plan the binder makes: one node per tabular operator, each
// knowing its output schema. Immutable once built; nodes may be shared
// (a tabular `let` used twice), a materialized node runs once per query.
struct LogicalPlan {
  enum class Kind {
    kScan,       // table
    kFilter,     // predicate
    kProject,    // exprs: one per output column
    kSummarize,  // keys, aggregates
    kSort,       // sort
    kTake,       // count
    kTop,        // sort, count
    kDistinct,   // (all columns)
    kMvExpand,   // expand (column indices), limit
    kJoin,       // inputs[0] left, inputs[1] right, join_kind, left_keys/right_keys
    kUnion,      // inputs; each row mapped onto the union schema by union_maps
    kRows,       // rows: constant rows (getschema)
    kMaterialize,
  };
  Kind kind = Kind::kScan;
  Schema schema;
  std::vector<std::shared_ptr<const LogicalPlan>> inputs;

  const TableDefinition* table = nullptr;
  BoundExprPtr predicate;
  std::vector<BoundExprPtr> exprs;
  std::vector<BoundExprPtr> keys;
  std::vector<AggregateSpec> aggregates;
  std::vector<BoundSortKey> sort;
  BoundExprPtr count;  // take/top: how many rows (a row-independent expression)
  std::vector<std::size_t> expand;
  std::optional<std::int64_t> expand_limit;
  std::optional<Type> expand_type;
  std::string join_kind;
  std::vector<std::size_t> left_keys;
  std::vector<std::size_t> right_keys;
  std::vector<std::vector<std::optional<std::size_t>>> union_maps;
  std::vector<Row> rows;

  // kMaterialize: the input's rows, once computed.
  struct Cache {
    std::shared_ptr<const std::vector<Row>> rows;
  };
  std::shared_ptr<Cache> cache;
};

using PlanPtr = std::shared_ptr<const LogicalPlan>;

}  // namespace vigil::engine::hunt
