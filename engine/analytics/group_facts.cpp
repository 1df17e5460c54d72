#include "engine/analytics/group_facts.hpp"

#include <algorithm>

#include "engine/analytics/column.hpp"

namespace vigil::engine::analytics {
namespace {

constexpr std::size_t kMaxListed = 50;

// The most frequent entries first; ties in key order, so re-evaluating an
// unchanged bin yields the same evidence.
template <typename Key>
std::vector<std::pair<Key, std::int64_t>> most_frequent(const std::map<Key, std::int64_t>& counts) {
  std::vector<std::pair<Key, std::int64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (sorted.size() > kMaxListed) sorted.resize(kMaxListed);
  return sorted;
}

}  // namespace

void GroupFacts::add(const nlohmann::json& row, TimeMs t, const AggregationSpec& spec) {
  first_ = rows_ == 0 ? t : std::min(first_, t);
  last_ = rows_ == 0 ? t : std::max(last_, t);
  ++rows_;
  if (spec.distinct_field) {
    counting_distinct_ = true;
    if (auto value = column_text(row, *spec.distinct_field)) distinct_.insert(std::move(*value));
  }
  if (auto isp = column_text(row, "ISP")) isps_.insert(std::move(*isp));
  if (auto location = column_text(row, "Location")) locations_.insert(std::move(*location));
  if (!spec.mail_evidence) return;

  if (auto id = column_text(row, "NetworkMessageId");
      id && samples_.size() < kMaxListed && std::find(samples_.begin(), samples_.end(), *id) == samples_.end()) {
    samples_.push_back(std::move(*id));
  }
  const auto recipient = column_text(row, "RecipientEmailAddress");
  auto domain = recipient ? address_domain(*recipient) : std::nullopt;
  if (!domain) {
    if (const auto column = column_text(row, "RecipientDomain")) domain = lowercase(*column);
  }
  ++recipient_domains_[domain.value_or("")];
  const auto direction = column_text(row, "EmailDirection").value_or("");
  if (direction == "Intra-org") {
    ++internal_;
  } else if (direction == "Inbound" || direction == "Outbound") {
    ++external_;
  } else {
    ++unknown_direction_;
  }
  ++sender_pairs_[{column_text(row, "SenderMailFromAddress").value_or(""),
                   column_text(row, "SenderFromAddress").value_or("")}];
}

std::int64_t GroupFacts::metric() const {
  return counting_distinct_ ? static_cast<std::int64_t>(distinct_.size()) : rows_;
}

nlohmann::json GroupFacts::mail_evidence() const {
  auto domains = nlohmann::json::array();
  for (const auto& [domain, count] : most_frequent(recipient_domains_)) {
    domains.push_back({{"domain", domain}, {"count", count}});
  }
  auto pairs = nlohmann::json::array();
  for (const auto& [pair, count] : most_frequent(sender_pairs_)) {
    pairs.push_back({{"p1_mail_from", pair.first}, {"p2_header_from", pair.second}, {"count", count}});
  }
  return {
      {"samples", samples_},
      {"recipient_domains", domains},
      {"distinct_recipient_domains", recipient_domains_.size()},
      {"direction", {{"internal", internal_}, {"external", external_}, {"unknown", unknown_direction_}}},
      {"sender_pairs", pairs},
  };
}

nlohmann::json GroupFacts::value_sets() const { return {{"ISP", isps_}, {"Location", locations_}}; }

}  // namespace vigil::engine::analytics
