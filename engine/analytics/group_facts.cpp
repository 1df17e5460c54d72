#include "engine/analytics/group_facts.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "engine/analytics/column.hpp"
#include "engine/analytics/email_columns.hpp"
#include "engine/text/ascii.hpp"

namespace vigil::engine::analytics {
namespace {

constexpr std::size_t kMaxListed = 50;

// The columns rows are read by (see GroupFacts::columns_read).
constexpr std::string_view kIsp = "ISP";
constexpr std::string_view kLocation = "Location";
using namespace email_columns;

std::int64_t count_of(std::int64_t n) { return n; }
template <typename Tally>
std::int64_t count_of(const Tally& tally) {
  return tally.count;
}

// The most frequent of `counts` first (up to kMaxListed); ties in value
// order, so re-evaluating an unchanged bin yields the same evidence.
template <typename Key, typename Count>
std::vector<std::pair<Key, Count>> most_frequent(const absl::flat_hash_map<Key, Count>& counts) {
  std::vector<std::pair<Key, Count>> sorted(counts.begin(), counts.end());
  const auto before = [](const auto& a, const auto& b) {
    const auto n = count_of(a.second);
    const auto m = count_of(b.second);
    return n != m ? n > m : a.first < b.first;
  };
  const auto listed = std::min(sorted.size(), kMaxListed);
  std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(listed), sorted.end(), before);
  sorted.resize(listed);
  return sorted;
}

// Adds `n` to the count of `key`, keeping the key with `keep` when it is new
// (the row's texts last only until the next row).
template <typename Key, typename Count, typename Keep>
void count(absl::flat_hash_map<Key, Count>& counts, const Key& key, const Count& n, Keep keep) {
  if (const auto found = counts.find(key); found != counts.end()) {
    found->second += n;
  } else {
    counts.emplace(keep(key), n);
  }
}

// The sender's IP address: the last server that relayed the mail.
std::string_view sender_ip(const ColumnRow& row) {
  if (const auto v4 = row.text(kSenderIPv4)) return *v4;
  return row.text(kSenderIPv6).value_or("");
}

std::string_view domain_part(std::string_view address) {
  return address_domain_text(address).value_or(std::string_view());
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
  for (auto& c : lowered) c = text::ascii_lower(c);
  return lowered;
}

bool sampled(const std::vector<std::pair<TimeMs, std::string_view>>& samples, std::string_view id) {
  return std::any_of(samples.begin(), samples.end(), [&](const auto& sample) { return sample.second == id; });
}

}  // namespace

std::vector<std::string_view> GroupFacts::columns_read(const AggregationSpec& spec) {
  std::vector<std::string_view> columns{kIsp, kLocation};
  if (spec.mail_evidence)
    columns.insert(columns.end(), {kMessageId, kDirection, kP1, kP2, kRecipient, kRecipientDomain, kSenderIPv4,
                                   kSenderIPv6, kUrlCount, kAttachmentCount});
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
  const bool intra = direction == "Intra-org";
  const bool inbound = direction == "Inbound";
  const bool outbound = direction == "Outbound";
  (intra ? internal_ : inbound || outbound ? external_ : unknown_)++;
  // Domains and senders repeat from row to row and group to group: one copy each.
  const auto intern = [this](std::string_view text) { return pool_->intern(text); };
  count(recipient_domains_, recipient_domain(row),
        Tally{1, intra || inbound ? 1 : 0, outbound ? 1 : 0}, intern);
  count(sender_pairs_, SenderPair{row.text(kP1).value_or(""), row.text(kP2).value_or("")},
        Tally{1, intra || outbound ? 1 : 0, inbound ? 1 : 0}, [this](const SenderPair& p) {
          return SenderPair{pool_->intern(p.first), pool_->intern(p.second)};
        });
  if (const auto ip = sender_ip(row); !ip.empty()) sender_ips_.push_back(intern(ip));
  urls_.add(row.text(kUrlCount));
  attachments_.add(row.text(kAttachmentCount));
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
  sender_ips_.insert(sender_ips_.end(), other.sender_ips_.begin(), other.sender_ips_.end());
  urls_ += other.urls_;
  attachments_ += other.attachments_;
  internal_ += other.internal_;
  external_ += other.external_;
  unknown_ += other.unknown_;
  isps_.merge(other.isps_);
  locations_.merge(other.locations_);
}

std::int64_t GroupFacts::metric() const {
  if (!counting_distinct_) return rows_;
  if (!distinct_count_) distinct_count_ = static_cast<std::int64_t>(distinct_values().size());
  return *distinct_count_;
}

std::vector<std::string_view> GroupFacts::distinct_values() const {
  auto values = distinct_values_;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

GroupFacts::Tally& GroupFacts::Tally::operator+=(const Tally& other) {
  count += other.count;
  internal += other.internal;
  external += other.external;
  return *this;
}

void GroupFacts::CountColumn::add(std::optional<std::string_view> text) {
  std::int64_t n = 0;
  if (!text || std::from_chars(text->data(), text->data() + text->size(), n).ec != std::errc() || n <= 0) return;
  ++rows;
  total += n;
  max = std::max(max, n);
}

GroupFacts::CountColumn& GroupFacts::CountColumn::operator+=(const CountColumn& other) {
  rows += other.rows;
  total += other.total;
  max = std::max(max, other.max);
  return *this;
}

nlohmann::json GroupFacts::CountColumn::to_json() const {
  return {{"rows", rows}, {"total", total}, {"max_per_message", max}};
}

nlohmann::json GroupFacts::mail_evidence(const EvidenceOptions& options) const {
  auto listed_domains = nlohmann::json::array();
  for (const auto& [domain, n] : most_frequent(recipient_domains_)) {
    listed_domains.push_back(
        {{"domain", domain}, {"count", n.count}, {"scope", domain_scope(options, domain, n.internal, n.external)}});
  }
  auto pairs = nlohmann::json::array();
  for (const auto& [pair, n] : most_frequent(sender_pairs_)) {
    pairs.push_back(
        {{"envelope_from", pair.first},
         {"header_from", pair.second},
         {"envelope_from_scope", domain_scope(options, domain_part(pair.first), n.internal, n.external)},
         {"header_from_scope", domain_scope(options, domain_part(pair.second), n.internal, n.external)},
         {"count", n.count}});
  }
  absl::flat_hash_map<std::string_view, std::int64_t> ip_counts;
  for (const auto ip : sender_ips_) ++ip_counts[ip];
  auto ips = nlohmann::json::array();
  for (const auto& [ip, n] : most_frequent(ip_counts)) ips.push_back({{"ip", ip}, {"count", n}});
  std::vector<std::string_view> sampled_ids;
  for (const auto& sample : samples_) sampled_ids.push_back(sample.second);
  return {
      {"samples", sampled_ids},
      {"recipient_domains", listed_domains},
      {"distinct_recipient_domains", recipient_domains_.size()},
      {"direction", {{"internal", internal_}, {"external", external_}, {"unknown", unknown_}}},
      {"sender_pairs", pairs},
      {"sender_ips", ips},
      {"distinct_sender_ips", ip_counts.size()},
      {"urls", urls_.to_json()},
      {"attachments", attachments_.to_json()},
  };
}

nlohmann::json GroupFacts::value_sets() const { return {{"ISP", isps_}, {"Location", locations_}}; }

}  // namespace vigil::engine::analytics
