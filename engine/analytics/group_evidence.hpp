#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "engine/analytics/column_row.hpp"
#include "engine/analytics/string_pool.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::analytics {

struct AggregationSpec;

// What a content module gathers from one group's rows for the evidence of
// its alert, beyond the metric: a rule asks for it with `evidence =
// "<name>"`, and the module's aggregation follow-up reads it back when the
// group alerts. One per group and bin; not thread-safe.
class GroupEvidence {
 public:
  virtual ~GroupEvidence() = default;

  // Adds one matching row whose time is `t`. `kept_distinct` is the pool's
  // copy of the row's distinct_field value ("" when the spec counts rows or
  // the row has none), so a module that keeps that value too need not copy it.
  virtual void add(const ColumnRow& row, TimeMs t, std::string_view kept_distinct) = 0;

  // Adds what another scan gathered for the same group, over other stretches
  // of the bin; `other` is of the same kind. Views into `other`'s pool may be
  // kept: the scan keeps that pool as long as these facts.
  virtual void merge(GroupEvidence&& other) = 0;
};

// A kind of group evidence, as content registers it. Immutable; thread-safe.
class GroupEvidenceKind {
 public:
  virtual ~GroupEvidenceKind() = default;

  // The columns add() reads of a row, which ingest records for the rule.
  virtual std::vector<std::string_view> columns_read() const = 0;

  // An empty gathering for one group of a rule with `spec`; its texts go into `pool`.
  virtual std::unique_ptr<GroupEvidence> start(StringPool& pool, const AggregationSpec& spec) const = 0;
};

}  // namespace vigil::engine::analytics
