#pragma once

#include <string_view>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/column_row.hpp"

namespace vigil::engine::analytics {

// Whether an EmailEvents row passes a check. Domains compare case-insensitively.
//   kSenderDomainMismatch: both P1 (SenderMailFromAddress, RFC 5321 MAIL FROM)
//     and P2 (SenderFromAddress, RFC 5322 From) have a domain and they differ.
//     A row without one of them (a bounce's empty MAIL FROM) is no evidence
//     of spoofing and does not pass.
//   kRecipientOutsideSender: the recipient's domain (from
//     RecipientEmailAddress, else the RecipientDomain column) differs from
//     SenderFromDomain or from SenderMailFromDomain, as the playbook's
//     spray query tests; a row without a recipient domain does not pass.
// Pure.
bool passes(const ColumnRow& row, MailCheck check);

// The columns passes() reads for `check`.
std::vector<std::string_view> columns_read(MailCheck check);

}  // namespace vigil::engine::analytics
