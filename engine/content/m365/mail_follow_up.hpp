#pragma once

#include <memory>

#include "engine/detect/aggregation_follow_up.hpp"

namespace vigil::engine::content::m365 {

// The follow-up of aggregation rules with evidence = "mail": once the groups
// over threshold are known, it joins the EmailUrlInfo and
// EmailAttachmentInfo rows of their messages (message_indicator_scan.hpp),
// and each alert gets mail (GroupFacts::mail_evidence, with the message
// indicators' urls and attachments merged in).
class MailFollowUp final : public detect::AggregationFollowUp {
 public:
  std::unique_ptr<detect::AggregationFollowUpRun> start(const detect::AggregationRun& run) const override;
};

}  // namespace vigil::engine::content::m365
