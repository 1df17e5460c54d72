#include "engine/content/m365/mail_checks.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::content::m365 {
namespace {

using analytics::ColumnRow;

bool passes(const ColumnRow& row, const analytics::RowCheck& check) { return check.passes(row); }

TEST(MailChecks, SenderDomainMismatchComparesP1AndP2Domains) {
  const auto mail = [](const char* p1, const char* p2) {
    return nlohmann::json{{"SenderMailFromAddress", p1}, {"SenderFromAddress", p2}};
  };
  EXPECT_TRUE(passes(ColumnRow(mail("bounce@mailer.example", "ceo@contoso.com")), sender_domain_mismatch()));
  EXPECT_FALSE(passes(ColumnRow(mail("news@CONTOSO.com", "ceo@contoso.com")), sender_domain_mismatch()));
  EXPECT_FALSE(passes(ColumnRow(mail("", "ceo@contoso.com")), sender_domain_mismatch()));  // a bounce's empty MAIL FROM
}

TEST(MailChecks, RecipientOutsideSenderDomainMatchesThePlaybooksOr) {
  auto mail = nlohmann::json{{"SenderFromDomain", "contoso.com"},
                             {"SenderMailFromDomain", "contoso.com"},
                             {"RecipientEmailAddress", "a@contoso.com"}};
  EXPECT_FALSE(passes(ColumnRow(mail), recipient_outside_sender_domain()));
  mail["SenderMailFromDomain"] = "bounces.contoso.com";  // one of the two differs
  EXPECT_TRUE(passes(ColumnRow(mail), recipient_outside_sender_domain()));
  mail = {{"SenderFromDomain", "contoso.com"},
          {"SenderMailFromDomain", "contoso.com"},
          {"RecipientDomain", "Fabrikam.com"}};
  EXPECT_TRUE(passes(ColumnRow(mail), recipient_outside_sender_domain()));
  mail.erase("RecipientDomain");
  EXPECT_FALSE(passes(ColumnRow(mail), recipient_outside_sender_domain()));
}

}  // namespace
}  // namespace vigil::engine::content::m365
