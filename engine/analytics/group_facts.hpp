#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/column_row.hpp"
#include "engine/analytics/group_evidence.hpp"
#include "engine/analytics/string_pool.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::analytics {

// What one group in one bin accumulates while the events are scanned: the
// metric, the distinct values of the spec's value_sets columns, and the
// evidence a content module gathers for the rule's `evidence` kind.
//
// A run has tens of thousands of groups, and only the few over threshold
// report evidence, so texts are kept as views into the run's StringPool.
// Not thread-safe.
class GroupFacts {
 public:
  // `pool` keeps the texts of the rows added and `spec` says what to gather;
  // both must outlive the facts.
  GroupFacts(StringPool& pool, const AggregationSpec& spec);

  // The columns add() reads of a row, besides the spec's distinct_field.
  static std::vector<std::string_view> columns_read(const AggregationSpec& spec);

  // Adds one matching row whose time is `t`.
  void add(const ColumnRow& row, TimeMs t);

  // Adds the facts of the same group gathered by another scan, over other
  // stretches of the bin, as if its rows had been added here. Views into
  // `other`'s pool are kept: that pool must outlive these facts too.
  void merge(GroupFacts&& other);

  std::int64_t rows() const { return rows_; }
  // rows(), or the number of distinct values of the spec's distinct_field;
  // never more than rows().
  std::int64_t metric() const;
  TimeMs first() const { return first_; }
  TimeMs last() const { return last_; }

  // The distinct values of the spec's distinct_field, sorted (the messages
  // of a mail group): what a follow-up joins other tables' rows on.
  std::vector<std::string_view> distinct_values() const;

  // The distinct values of each of the spec's value_sets columns, sorted:
  // {"ISP":[...],"Location":[...]}.
  nlohmann::json value_sets() const;

  // What the spec's evidence kind gathered, or nullptr when it names none.
  const GroupEvidence* evidence() const { return evidence_.get(); }

 private:
  StringPool* pool_;
  const AggregationSpec* spec_;
  std::int64_t rows_ = 0;
  TimeMs first_ = 0;
  TimeMs last_ = 0;
  std::vector<std::string_view> distinct_values_;  // with repeats; counted by metric()
  mutable std::optional<std::int64_t> distinct_count_;
  std::vector<std::set<std::string_view>> sets_;  // one per spec_->value_sets column
  std::unique_ptr<GroupEvidence> evidence_;
};

}  // namespace vigil::engine::analytics
