#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/analytics/group_evidence.hpp"
#include "engine/content/m365/evidence_options.hpp"

namespace vigil::engine::content::m365 {

// What a mail rule's group (evidence = "mail") gathers from its EmailEvents
// rows. Counted as rows come (a row adds to its domain's, sender pair's and
// direction's counts) rather than kept row by row: a million rows then cost
// their distinct values, and merging another thread's evidence adds counts
// instead of copying rows. Not thread-safe.
class MailEvidence final : public analytics::GroupEvidence {
 public:
  // `share_distinct`: the spec's distinct_field is NetworkMessageId, so the
  // sample ids can be the pool's copies the facts already keep.
  MailEvidence(analytics::StringPool& pool, bool share_distinct) : pool_(&pool), share_distinct_(share_distinct) {}

  void add(const analytics::ColumnRow& row, TimeMs t, std::string_view kept_distinct) override;
  void merge(analytics::GroupEvidence&& other) override;

  // samples (up to 50 NetworkMessageIds, first seen first),
  // recipient_domains [{domain, count, scope}] most frequent first (up to
  // 50), direction {internal, external, unknown} per recipient row
  // (Intra-org is internal; Inbound and Outbound are external; anything else
  // unknown), sender_pairs [{envelope_from, header_from,
  // envelope_from_scope, header_from_scope, count}] (up to 50; envelope =
  // P1, SenderMailFromAddress; header = P2, SenderFromAddress), sender_ips
  // [{ip, count}] (SenderIPv4, else SenderIPv6; up to 50) and
  // distinct_sender_ips, urls and attachments {rows (with a count above 0),
  // total, max_per_message} from UrlCount and AttachmentCount. A scope is
  // domain_scope()'s answer for the domain.
  nlohmann::json to_json(const EvidenceOptions& options) const;

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

  analytics::StringPool* pool_;
  bool share_distinct_;
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
};

// The name mail rules give in `evidence`.
inline constexpr std::string_view kMailEvidence = "mail";

// The kind content registers under kMailEvidence.
class MailEvidenceKind final : public analytics::GroupEvidenceKind {
 public:
  std::vector<std::string_view> columns_read() const override;
  std::unique_ptr<analytics::GroupEvidence> start(analytics::StringPool& pool,
                                                  const analytics::AggregationSpec& spec) const override;
};

}  // namespace vigil::engine::content::m365
