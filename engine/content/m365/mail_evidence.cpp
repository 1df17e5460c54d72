#include "engine/content/m365/mail_evidence.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/column.hpp"
#include "engine/content/m365/email_columns.hpp"
#include "engine/text/ascii.hpp"

namespace vigil::engine::content::m365 {
namespace {

constexpr std::size_t kMaxListed = 50;

using analytics::ColumnRow;
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
  return analytics::address_domain_text(address).value_or(std::string_view());
}

// The lowercased domain of the row's recipient: from RecipientEmailAddress
// as address_domain reads it, else the RecipientDomain column; "" for
// neither. The view lasts until the next call on this thread.
std::string_view recipient_domain(const ColumnRow& row) {
  thread_local std::string lowered;  // reused: this runs for every row
  const auto address = row.text(kRecipient);
  auto domain = address ? analytics::address_domain_text(*address) : std::nullopt;
  if (!domain) domain = row.text(kRecipientDomain);
  lowered.assign(domain.value_or(""));
  for (auto& c : lowered) c = text::ascii_lower(c);
  return lowered;
}

bool sampled(const std::vector<std::pair<TimeMs, std::string_view>>& samples, std::string_view id) {
  return std::any_of(samples.begin(), samples.end(), [&](const auto& sample) { return sample.second == id; });
}

}  // namespace

void MailEvidence::add(const ColumnRow& row, TimeMs t, std::string_view kept_distinct) {
  if (const auto id = row.text(kMessageId); id && samples_.size() < kMaxListed && !sampled(samples_, *id)) {
    samples_.emplace_back(t, share_distinct_ && !kept_distinct.empty() ? kept_distinct : pool_->keep(*id));
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

void MailEvidence::merge(analytics::GroupEvidence&& other_evidence) {
  auto& other = static_cast<MailEvidence&>(other_evidence);  // a group's scans start the same kind
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
}

MailEvidence::Tally& MailEvidence::Tally::operator+=(const Tally& other) {
  count += other.count;
  internal += other.internal;
  external += other.external;
  return *this;
}

void MailEvidence::CountColumn::add(std::optional<std::string_view> text) {
  std::int64_t n = 0;
  if (!text || std::from_chars(text->data(), text->data() + text->size(), n).ec != std::errc() || n <= 0) return;
  ++rows;
  total += n;
  max = std::max(max, n);
}

MailEvidence::CountColumn& MailEvidence::CountColumn::operator+=(const CountColumn& other) {
  rows += other.rows;
  total += other.total;
  max = std::max(max, other.max);
  return *this;
}

nlohmann::json MailEvidence::CountColumn::to_json() const {
  return {{"rows", rows}, {"total", total}, {"max_per_message", max}};
}

nlohmann::json MailEvidence::to_json(const EvidenceOptions& options) const {
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

std::vector<std::string_view> MailEvidenceKind::columns_read() const {
  return {kMessageId, kDirection,  kP1,         kP2,      kRecipient,
          kRecipientDomain, kSenderIPv4, kSenderIPv6, kUrlCount, kAttachmentCount};
}

std::unique_ptr<analytics::GroupEvidence> MailEvidenceKind::start(analytics::StringPool& pool,
                                                                  const analytics::AggregationSpec& spec) const {
  return std::make_unique<MailEvidence>(pool, spec.distinct_field == kMessageId);
}

}  // namespace vigil::engine::content::m365
