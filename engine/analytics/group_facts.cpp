#include "engine/analytics/group_facts.hpp"

#include <algorithm>
#include <string>

#include "engine/analytics/column.hpp"
#include "engine/analytics/email_columns.hpp"
#include "engine/eql/ascii.hpp"

namespace vigil::engine::analytics {
namespace {

constexpr std::size_t kMaxListed = 50;

// The columns rows are read by (see GroupFacts::columns_read).
constexpr std::string_view kIsp = "ISP";
constexpr std::string_view kLocation = "Location";
using namespace email_columns;

// The most frequent of `counts` first (up to kMaxListed); ties in value
// order, so re-evaluating an unchanged bin yields the same evidence.
template <typename Value>
std::vector<std::pair<Value, std::int64_t>> most_frequent(const absl::flat_hash_map<Value, std::int64_t>& counts) {
  std::vector<std::pair<Value, std::int64_t>> sorted(counts.begin(), counts.end());
  const auto before = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const auto listed = std::min(sorted.size(), kMaxListed);
  std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(listed), sorted.end(), before);
  sorted.resize(listed);
  return sorted;
}

// Adds `n` to the count of `key`, keeping the key with `keep` when it is new
// (the row's texts last only until the next row).
template <typename Key, typename Keep>
void count(absl::flat_hash_map<Key, std::int64_t>& counts, const Key& key, std::int64_t n, Keep keep) {
  if (const auto found = counts.find(key); found != counts.end()) {
    found->second += n;
  } else {
    counts.emplace(keep(key), n);
  }
}

// The lowercased domain of the row's recipient: from RecipientEmailAddress
// as address_domain reads it, else the RecipientDomain column; "" for
// neither. The view lasts until the next call on this thread.
std::string_view recipient_domain(const ColumnRow& row) {
  thread_local std::string lowered;  // reused: this runs for every row
  const auto address = row.text(kRecipient);
  auto domain = address ? address_domain_text(*address) : std::nullopt;
  if (!domain) domain = row.text(kRecipientDomain);
  lowered.assign(domain.value_or(""));
  for (auto& c : lowered) c = eql::ascii_lower(c);
  return lowered;
}

bool sampled(const std::vector<std::pair<TimeMs, std::string_view>>& samples, std::string_view id) {
  return std::any_of(samples.begin(), samples.end(), [&](const auto& sample) { return sample.second == id; });
}

}  // namespace

std::vector<std::string_view> GroupFacts::columns_read(const AggregationSpec& spec) {
  std::vector<std::string_view> columns{kIsp, kLocation};
  if (spec.mail_evidence)
    columns.insert(columns.end(), {kMessageId, kDirection, kP1, kP2, kRecipient, kRecipientDomain});
  return columns;
}

void GroupFacts::add(const ColumnRow& row, TimeMs t, const AggregationSpec& spec) {
  first_ = rows_ == 0 ? t : std::min(first_, t);
  last_ = rows_ == 0 ? t : std::max(last_, t);
  ++rows_;
  // The message id is kept once when it is also the distinct field (as for mail rules).
  std::string_view kept_id;
  if (spec.distinct_field) {
    counting_distinct_ = true;
    distinct_count_.reset();
    if (const auto value = row.text(*spec.distinct_field)) {
      distinct_values_.push_back(pool_->keep(*value));
      if (*spec.distinct_field == kMessageId) kept_id = distinct_values_.back();
    }
  }
  if (const auto isp = row.text(kIsp)) isps_.insert(pool_->intern(*isp));
  if (const auto location = row.text(kLocation)) locations_.insert(pool_->intern(*location));
  if (!spec.mail_evidence) return;

  if (const auto id = row.text(kMessageId); id && samples_.size() < kMaxListed && !sampled(samples_, *id)) {
    samples_.emplace_back(t, kept_id.empty() ? pool_->keep(*id) : kept_id);
  }
  const auto direction = row.text(kDirection).value_or("");
  (direction == "Intra-org" ? internal_ : direction == "Inbound" || direction == "Outbound" ? external_ : unknown_)++;
  // Domains and senders repeat from row to row and group to group: one copy each.
  count(recipient_domains_, recipient_domain(row), 1, [this](std::string_view d) { return pool_->intern(d); });
  count(sender_pairs_, SenderPair{row.text(kP1).value_or(""), row.text(kP2).value_or("")}, 1,
        [this](const SenderPair& p) {
          return SenderPair{pool_->intern(p.first), pool_->intern(p.second)};
        });
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
    const auto same =
        std::find_if(samples_.begin(), samples_.end(), [&](const auto& s) { return s.second == sample.second; });
    if (same == samples_.end()) {
      samples_.push_back(sample);
    } else {
      same->first = std::min(same->first, sample.first);
    }
  }
  std::stable_sort(samples_.begin(), samples_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (samples_.size() > kMaxListed) samples_.resize(kMaxListed);
  const auto as_is = [](const auto& key) { return key; };  // other's views stay valid: its pool is kept
  for (const auto& [domain, n] : other.recipient_domains_) count(recipient_domains_, domain, n, as_is);
  for (const auto& [pair, n] : other.sender_pairs_) count(sender_pairs_, pair, n, as_is);
  internal_ += other.internal_;
  external_ += other.external_;
  unknown_ += other.unknown_;
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
  auto listed_domains = nlohmann::json::array();
  for (const auto& [domain, n] : most_frequent(recipient_domains_)) {
    listed_domains.push_back({{"domain", domain}, {"count", n}});
  }
  auto pairs = nlohmann::json::array();
  for (const auto& [pair, n] : most_frequent(sender_pairs_)) {
    pairs.push_back({{"p1_mail_from", pair.first}, {"p2_header_from", pair.second}, {"count", n}});
  }
  std::vector<std::string_view> sampled_ids;
  for (const auto& sample : samples_) sampled_ids.push_back(sample.second);
  return {
      {"samples", sampled_ids},
      {"recipient_domains", listed_domains},
      {"distinct_recipient_domains", recipient_domains_.size()},
      {"direction", {{"internal", internal_}, {"external", external_}, {"unknown", unknown_}}},
      {"sender_pairs", pairs},
  };
}

nlohmann::json GroupFacts::value_sets() const { return {{"ISP", isps_}, {"Location", locations_}}; }

}  // namespace vigil::engine::analytics
