#pragma once

#include "engine/analytics/row_check.hpp"

namespace vigil::engine::content::m365 {

// The EmailEvents checks mail rules name in `checks`. Domains compare
// case-insensitively.
//
// sender_domain_mismatch: both P1 (SenderMailFromAddress, RFC 5321 MAIL
// FROM) and P2 (SenderFromAddress, RFC 5322 From) have a domain and they
// differ. A row without one of them (a bounce's empty MAIL FROM) is no
// evidence of spoofing and does not pass.
const analytics::RowCheck& sender_domain_mismatch();

// recipient_outside_sender_domain: the recipient's domain (from
// RecipientEmailAddress, else the RecipientDomain column) differs from
// SenderFromDomain or from SenderMailFromDomain, as the playbook's spray
// query tests; a row without a recipient domain does not pass.
const analytics::RowCheck& recipient_outside_sender_domain();

}  // namespace vigil::engine::content::m365
