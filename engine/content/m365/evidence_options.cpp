#include "engine/content/m365/evidence_options.hpp"

#include <algorithm>

#include "engine/analytics/column.hpp"

namespace vigil::engine::content::m365 {

std::string_view domain_scope(const EvidenceOptions& options, std::string_view domain, std::int64_t internal_rows,
                              std::int64_t external_rows) {
  if (!options.accepted_domains.empty()) {
    if (domain.empty()) return "unknown";
    const auto lowered = analytics::lowercase(domain);
    const bool accepted = std::any_of(options.accepted_domains.begin(), options.accepted_domains.end(),
                                      [&](const std::string& d) { return analytics::lowercase(d) == lowered; });
    return accepted ? "internal" : "external";
  }
  if (internal_rows > 0 && external_rows == 0) return "internal";
  if (external_rows > 0 && internal_rows == 0) return "external";
  return "unknown";
}

}  // namespace vigil::engine::content::m365
