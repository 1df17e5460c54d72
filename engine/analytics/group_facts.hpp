#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::analytics {

// What one group in one bin accumulates while the events are scanned: the
// metric, and the facts the alert's evidence reports. Not thread-safe.
class GroupFacts {
 public:
  // Adds one matching row whose time is `t`.
  void add(const nlohmann::json& row, TimeMs t, const AggregationSpec& spec);

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
  std::int64_t rows_ = 0;
  bool counting_distinct_ = false;
  std::set<std::string> distinct_;
  TimeMs first_ = 0;
  TimeMs last_ = 0;
  std::vector<std::string> samples_;
  std::map<std::string, std::int64_t> recipient_domains_;
  std::int64_t internal_ = 0;
  std::int64_t external_ = 0;
  std::int64_t unknown_direction_ = 0;
  std::map<std::pair<std::string, std::string>, std::int64_t> sender_pairs_;
  std::set<std::string> isps_;
  std::set<std::string> locations_;
};

}  // namespace vigil::engine::analytics
