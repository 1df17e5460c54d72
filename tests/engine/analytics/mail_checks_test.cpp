#include "engine/analytics/mail_checks.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::analytics {
namespace {

TEST(MailChecks, SenderDomainMismatchComparesP1AndP2Domains) {
  const auto mail = [](const char* p1, const char* p2) {
    return nlohmann::json{{"SenderMailFromAddress", p1}, {"SenderFromAddress", p2}};
  };
  EXPECT_TRUE(passes(ColumnRow(mail("bounce@mailer.example", "ceo@contoso.com")), MailCheck::kSenderDomainMismatch));
  EXPECT_FALSE(passes(ColumnRow(mail("news@CONTOSO.com", "ceo@contoso.com")), MailCheck::kSenderDomainMismatch));
  EXPECT_FALSE(passes(ColumnRow(mail("", "ceo@contoso.com")), MailCheck::kSenderDomainMismatch));  // a bounce's empty MAIL FROM
}

TEST(MailChecks, RecipientOutsideSenderDomainMatchesThePlaybooksOr) {
  auto mail = nlohmann::json{{"SenderFromDomain", "contoso.com"},
                             {"SenderMailFromDomain", "contoso.com"},
                             {"RecipientEmailAddress", "a@contoso.com"}};
  EXPECT_FALSE(passes(ColumnRow(mail), MailCheck::kRecipientOutsideSender));
  mail["SenderMailFromDomain"] = "bounces.contoso.com";  // one of the two differs
  EXPECT_TRUE(passes(ColumnRow(mail), MailCheck::kRecipientOutsideSender));
  mail = {{"SenderFromDomain", "contoso.com"},
          {"SenderMailFromDomain", "contoso.com"},
          {"RecipientDomain", "Fabrikam.com"}};
  EXPECT_TRUE(passes(ColumnRow(mail), MailCheck::kRecipientOutsideSender));
  mail.erase("RecipientDomain");
  EXPECT_FALSE(passes(ColumnRow(mail), MailCheck::kRecipientOutsideSender));
}

}  // namespace
}  // namespace vigil::engine::analytics
