#pragma once

#include <memory>
#include <utility>

#include "engine/content/m365/evidence_options.hpp"
#include "engine/detect/aggregation_follow_up.hpp"

namespace vigil::engine::content::m365 {

// The follow-up of aggregation rules with evidence = "mail": once the groups
// over threshold are known, it joins the EmailUrlInfo and
// EmailAttachmentInfo rows of their messages (message_indicator_scan.hpp),
// and each alert gets mail (MailEvidence::to_json, with the message
// indicators' urls and attachments merged in).
class MailFollowUp final : public detect::AggregationFollowUp {
 public:
  // `options` tell the evidence which domains are the tenant's ([m365]).
  explicit MailFollowUp(EvidenceOptions options) : options_(std::move(options)) {}

  std::unique_ptr<detect::AggregationFollowUpRun> start(const detect::AggregationRun& run) const override;

 private:
  const EvidenceOptions options_;
};

}  // namespace vigil::engine::content::m365
