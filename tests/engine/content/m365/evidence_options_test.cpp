#include "engine/content/m365/evidence_options.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::content::m365 {
namespace {

TEST(DomainScope, AcceptedDomainsDecideWhenSet) {
  const EvidenceOptions options{.accepted_domains = {"Contoso.com", "contoso.onmicrosoft.com"}};
  EXPECT_EQ(domain_scope(options, "contoso.COM", 0, 5), "internal");  // the list wins over directions
  EXPECT_EQ(domain_scope(options, "mail.contoso.com", 5, 0), "external");  // exact match only
  EXPECT_EQ(domain_scope(options, "", 5, 0), "unknown");
}

TEST(DomainScope, DirectionsDecideWithoutAcceptedDomains) {
  const EvidenceOptions none;
  EXPECT_EQ(domain_scope(none, "contoso.com", 3, 0), "internal");
  EXPECT_EQ(domain_scope(none, "fabrikam.example", 0, 3), "external");
  EXPECT_EQ(domain_scope(none, "fabrikam.example", 1, 3), "unknown");  // seen on both sides
  EXPECT_EQ(domain_scope(none, "fabrikam.example", 0, 0), "unknown");  // only Unknown directions
}

}  // namespace
}  // namespace vigil::engine::content::m365
