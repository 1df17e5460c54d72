#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/column_row.hpp"
#include "engine/analytics/evidence_options.hpp"
#include "engine/analytics/string_pool.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::analytics {

// What one group in one bin accumulates while the events are scanned: the
// metric, and the facts the alert's evidence reports.
//
// A run has tens of thousands of groups, and only the few over threshold
// report evidence, so texts are kept as views into the run's StringPool.
// The mail evidence is counted as rows come (a row adds to its domain's,
// sender pair's and direction's counts) rather than kept row by row: a
// million rows then cost their distinct values, and merging another
// thread's facts adds counts instead of copying rows. Not thread-safe.
class GroupFacts {
 public:
  // `pool` keeps the texts of the rows added; it must outlive the facts.
  explicit GroupFacts(StringPool& pool) : pool_(&pool) {}

  // The columns add() reads of a row, besides the spec's distinct_field.
  static std::vector<std::string_view> columns_read(const AggregationSpec& spec);

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
  // count, scope}] most frequent first (up to 50), direction {internal,
  // external, unknown} per recipient row (Intra-org is internal; Inbound
  // and Outbound are external; anything else unknown), sender_pairs
  // [{envelope_from, header_from, envelope_from_scope, header_from_scope,
  // count}] (up to 50; envelope = P1, SenderMailFromAddress; header = P2,
  // SenderFromAddress), sender_ips [{ip, count}] (SenderIPv4, else
  // SenderIPv6; up to 50) and distinct_sender_ips, urls and attachments
  // {rows (with a count above 0), total, max_per_message} from UrlCount and
  // AttachmentCount. A scope is domain_scope()'s answer for the domain.
  nlohmann::json mail_evidence(const EvidenceOptions& options) const;

  // The distinct values of the spec's distinct_field, sorted (the messages
  // of a mail group): what EmailUrlInfo and EmailAttachmentInfo rows join on.
  std::vector<std::string_view> distinct_values() const;

  // The distinct values of the group's ISP and Location columns, the sets
  // logon alerts report: {"ISP":[...],"Location":[...]}.
  nlohmann::json value_sets() const;

 private:
  using SenderPair = std::pair<std::string_view, std::string_view>;  // envelope (P1), header (P2)
  // Rows of a domain or sender, and how many of them the row's direction
  // puts inside or outside the tenant (see domain_scope()).
  struct Tally {
    std::int64_t count = 0;
    std::int64_t internal = 0;
    std::int64_t external = 0;
    Tally& operator+=(const Tally& other);
  };
  // A count column's rows above 0, sum and largest value.
  struct CountColumn {
    std::int64_t rows = 0;
    std::int64_t total = 0;
    std::int64_t max = 0;
    void add(std::optional<std::string_view> text);
    CountColumn& operator+=(const CountColumn& other);
    nlohmann::json to_json() const;
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
  absl::flat_hash_map<std::string_view, Tally> recipient_domains_;  // lowercased; "" for none
  absl::flat_hash_map<SenderPair, Tally> sender_pairs_;
  // Interned, a view a row: counted only for the alert's evidence, as most
  // groups never alert (a map per group cost a tenth of the run).
  std::vector<std::string_view> sender_ips_;
  CountColumn urls_;
  CountColumn attachments_;
  std::int64_t internal_ = 0;
  std::int64_t external_ = 0;
  std::int64_t unknown_ = 0;
  std::set<std::string_view> isps_;
  std::set<std::string_view> locations_;
};

}  // namespace vigil::engine::analytics
