#include "engine/analytics/group_facts.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "engine/analytics/column.hpp"
#include "engine/eql/ascii.hpp"

namespace vigil::engine::analytics {
namespace {

constexpr std::size_t kMaxListed = 50;

// The most frequent of `values` first, with their counts; ties in value
// order, so re-evaluating an unchanged bin yields the same evidence.
template <typename Value>
std::vector<std::pair<Value, std::int64_t>> most_frequent(const std::vector<Value>& values) {
  std::map<Value, std::int64_t> counts;
  for (const auto& value : values) ++counts[value];
  std::vector<std::pair<Value, std::int64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (sorted.size() > kMaxListed) sorted.resize(kMaxListed);
  return sorted;
}

// The pooled, lowercased domain of the row's recipient: from
// RecipientEmailAddress as address_domain reads it, else the RecipientDomain
// column; "" for neither.
std::string_view recipient_domain(const ColumnRow& row, StringPool& pool) {
  thread_local std::string lowered;  // reused: this runs for every row
  const auto address = row.text("RecipientEmailAddress");
  auto domain = address ? address_domain_text(*address) : std::nullopt;
  if (!domain) domain = row.text("RecipientDomain");
  if (!domain) return {};
  lowered.assign(*domain);
  for (auto& c : lowered) c = eql::ascii_lower(c);
  return pool.intern(lowered);
}

bool sampled(const std::vector<std::pair<TimeMs, std::string_view>>& samples, std::string_view id) {
  return std::any_of(samples.begin(), samples.end(), [&](const auto& sample) { return sample.second == id; });
}

}  // namespace

void GroupFacts::add(const ColumnRow& row, TimeMs t, const AggregationSpec& spec) {
  first_ = rows_ == 0 ? t : std::min(first_, t);
  last_ = rows_ == 0 ? t : std::max(last_, t);
  ++rows_;
  if (spec.distinct_field) {
    counting_distinct_ = true;
    distinct_count_.reset();
    if (const auto value = row.text(*spec.distinct_field)) distinct_values_.push_back(pool_->keep(*value));
  }
  if (const auto isp = row.text("ISP")) isps_.insert(pool_->intern(*isp));
  if (const auto location = row.text("Location")) locations_.insert(pool_->intern(*location));
  if (!spec.mail_evidence) return;

  if (const auto id = row.text("NetworkMessageId"); id && samples_.size() < kMaxListed && !sampled(samples_, *id)) {
    samples_.emplace_back(t, pool_->keep(*id));
  }
  const auto direction = row.text("EmailDirection").value_or("");
  // A group's rows mostly repeat its sender pair: reuse the last row's copy
  // rather than look a run-wide table up.
  const auto sender = [&](std::string_view column, std::string_view MailRow::*field) {
    const auto text = row.text(column).value_or("");
    return !mail_.empty() && mail_.back().*field == text ? mail_.back().*field : pool_->keep(text);
  };
  mail_.push_back({recipient_domain(row, *pool_), sender("SenderMailFromAddress", &MailRow::p1_mail_from),
                   sender("SenderFromAddress", &MailRow::p2_header_from),
                   direction == "Intra-org"                             ? Direction::kInternal
                   : direction == "Inbound" || direction == "Outbound" ? Direction::kExternal
                                                                        : Direction::kUnknown});
}

void GroupFacts::merge(GroupFacts&& other) {
  if (other.rows_ == 0) return;
  first_ = rows_ == 0 ? other.first_ : std::min(first_, other.first_);
  last_ = rows_ == 0 ? other.last_ : std::max(last_, other.last_);
  rows_ += other.rows_;
  counting_distinct_ = counting_distinct_ || other.counting_distinct_;
  distinct_values_.insert(distinct_values_.end(), other.distinct_values_.begin(), other.distinct_values_.end());
  distinct_count_.reset();
  // Each scan holds the first samples of its own rows, so the first of all
  // are among them: an id's earliest time wins, then time order.
  for (const auto& sample : other.samples_) {
    const auto same = std::find_if(samples_.begin(), samples_.end(), [&](const auto& s) { return s.second == sample.second; });
    if (same == samples_.end()) {
      samples_.push_back(sample);
    } else {
      same->first = std::min(same->first, sample.first);
    }
  }
  std::stable_sort(samples_.begin(), samples_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (samples_.size() > kMaxListed) samples_.resize(kMaxListed);
  mail_.insert(mail_.end(), other.mail_.begin(), other.mail_.end());
  isps_.merge(other.isps_);
  locations_.merge(other.locations_);
}

std::int64_t GroupFacts::metric() const {
  if (!counting_distinct_) return rows_;
  if (!distinct_count_) {
    auto values = distinct_values_;
    std::sort(values.begin(), values.end());
    distinct_count_ = std::unique(values.begin(), values.end()) - values.begin();
  }
  return *distinct_count_;
}

nlohmann::json GroupFacts::mail_evidence() const {
  std::vector<std::string_view> domains;
  std::vector<std::pair<std::string_view, std::string_view>> senders;
  std::int64_t internal = 0;
  std::int64_t external = 0;
  std::int64_t unknown = 0;
  for (const auto& row : mail_) {
    domains.push_back(row.recipient_domain);
    senders.emplace_back(row.p1_mail_from, row.p2_header_from);
    (row.direction == Direction::kInternal ? internal : row.direction == Direction::kExternal ? external : unknown)++;
  }
  auto listed_domains = nlohmann::json::array();
  for (const auto& [domain, count] : most_frequent(domains)) {
    listed_domains.push_back({{"domain", domain}, {"count", count}});
  }
  auto pairs = nlohmann::json::array();
  for (const auto& [pair, count] : most_frequent(senders)) {
    pairs.push_back({{"p1_mail_from", pair.first}, {"p2_header_from", pair.second}, {"count", count}});
  }
  std::vector<std::string_view> sampled_ids;
  for (const auto& sample : samples_) sampled_ids.push_back(sample.second);
  std::sort(domains.begin(), domains.end());
  const auto distinct_domains = std::unique(domains.begin(), domains.end()) - domains.begin();
  return {
      {"samples", sampled_ids},
      {"recipient_domains", listed_domains},
      {"distinct_recipient_domains", distinct_domains},
      {"direction", {{"internal", internal}, {"external", external}, {"unknown", unknown}}},
      {"sender_pairs", pairs},
  };
}

nlohmann::json GroupFacts::value_sets() const { return {{"ISP", isps_}, {"Location", locations_}}; }

}  // namespace vigil::engine::analytics
