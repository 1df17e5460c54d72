#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine::content::m365 {

// What the deployment tells the evidence of mail alerts (config [m365]).
struct EvidenceOptions {
  // The tenant's accepted domains (Exchange's Get-AcceptedDomain), compared
  // case-insensitively and exactly (a subdomain must be listed itself).
  // Empty: a domain's side is judged from the mail's EmailDirection.
  std::vector<std::string> accepted_domains;
};

// Which side of the tenant a mail domain is on, as the alert says it:
// "internal" or "external" by the accepted domains when any are set (""
// is "unknown"); otherwise from the directions of the rows it came in:
// `internal_rows` rows put it inside (an Inbound or Intra-org recipient,
// an Outbound or Intra-org sender), `external_rows` outside; "unknown"
// when neither or both. Pure.
std::string_view domain_scope(const EvidenceOptions& options, std::string_view domain, std::int64_t internal_rows,
                              std::int64_t external_rows);

}  // namespace vigil::engine::content::m365
