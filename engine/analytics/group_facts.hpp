#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/column_row.hpp"
#include "engine/analytics/string_pool.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::analytics {

// What one group in one bin accumulates while the events are scanned: the
// metric, and the facts the alert's evidence reports.
//
// A run has tens of thousands of groups, and only the few over threshold
// report evidence, so rows are recorded as views into the run's StringPool
// and counted only when the evidence is asked for. Not thread-safe.
class GroupFacts {
 public:
  // `pool` keeps the texts of the rows added; it must outlive the facts.
  explicit GroupFacts(StringPool& pool) : pool_(&pool) {}

  // Adds one matching row whose time is `t`.
  void add(const ColumnRow& row, TimeMs t, const AggregationSpec& spec);

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

  // The evidence of mail rules (evidence = "mail"): samples (up to 50
  // NetworkMessageIds, first seen first), recipient_domains [{domain,
  // count}] most frequent first (up to 50), direction {internal, external,
  // unknown} per recipient row (Intra-org is internal; Inbound and Outbound
  // are external; anything else unknown), sender_pairs [{p1_mail_from,
  // p2_header_from, count}] (up to 50).
  nlohmann::json mail_evidence() const;

  // The distinct values of the group's ISP and Location columns, the sets
  // logon alerts report: {"ISP":[...],"Location":[...]}.
  nlohmann::json value_sets() const;

 private:
  enum class Direction : std::uint8_t { kInternal, kExternal, kUnknown };
  struct MailRow {
    std::string_view recipient_domain;
    std::string_view p1_mail_from;
    std::string_view p2_header_from;
    Direction direction;
  };

  StringPool* pool_;
  std::int64_t rows_ = 0;
  TimeMs first_ = 0;
  TimeMs last_ = 0;
  bool counting_distinct_ = false;
  std::vector<std::string_view> distinct_values_;  // with repeats; counted by metric()
  mutable std::optional<std::int64_t> distinct_count_;
  // The first kMaxListed distinct NetworkMessageIds, each at its first time:
  // a scan adds rows in time order, and merged scans' samples sort by time.
  std::vector<std::pair<TimeMs, std::string_view>> samples_;
  std::vector<MailRow> mail_;
  std::set<std::string_view> isps_;
  std::set<std::string_view> locations_;
};

}  // namespace vigil::engine::analytics
