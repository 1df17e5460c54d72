#include "engine/content/m365/mail_follow_up.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/content/m365/mail_evidence.hpp"
#include "engine/content/m365/message_indicator_scan.hpp"
#include "engine/detect/aggregation_rows.hpp"

namespace vigil::engine::content::m365 {
namespace {

class MailRun final : public detect::AggregationFollowUpRun {
 public:
  MailRun(const detect::AggregationRun& run, const EvidenceOptions& options) : run_(run), options_(options) {}

  // Defender writes a message's URL and attachment rows with its EmailEvents
  // row, give or take minutes: the alerting bins and an hour after them.
  void after_grouping(const std::vector<detect::FoundGroup>& found) override {
    std::vector<std::string> wanted;
    TimeMs first_bin = found.front().bin_start;
    TimeMs last_bin = first_bin;
    for (const auto& f : found) {
      for (const auto id : f.group->facts.distinct_values()) wanted.emplace_back(id);
      first_bin = std::min(first_bin, f.bin_start);
      last_bin = std::max(last_bin, f.bin_start);
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    indicators_ = read_message_indicators(
        run_.events, run_.rule, detect::dataset_query(run_.rule, "", first_bin, last_bin + run_.spec.bin + kHourMs),
        std::move(wanted));
  }

  void enrich(const detect::FoundGroup& found, const analytics::Bin&, nlohmann::json& alert) const override {
    // The spec named "mail", so every group gathered MailEvidence.
    auto mail = static_cast<const MailEvidence&>(*found.group->facts.evidence()).to_json(options_);
    if (indicators_) {
      const auto joined = indicators_->evidence(found.group->facts.distinct_values());
      for (const auto* kind : {"urls", "attachments"}) mail[kind].update(joined[kind]);
    }
    alert["mail"] = std::move(mail);
  }

 private:
  const detect::AggregationRun& run_;
  const EvidenceOptions& options_;
  std::optional<MessageIndicators> indicators_;
};

}  // namespace

std::unique_ptr<detect::AggregationFollowUpRun> MailFollowUp::start(const detect::AggregationRun& run) const {
  if (run.spec.evidence_name != kMailEvidence) return nullptr;
  return std::make_unique<MailRun>(run, options_);
}

}  // namespace vigil::engine::content::m365
