#include "engine/content/m365/message_indicators.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::content::m365 {
namespace {

nlohmann::json url_row(const std::string& id, const std::string& url, const std::string& domain) {
  return {{"NetworkMessageId", id}, {"Url", url}, {"UrlDomain", domain}, {"UrlLocation", "Body"}};
}

nlohmann::json attachment_row(const std::string& id, const std::string& recipient, const std::string& name) {
  return {{"NetworkMessageId", id},
          {"RecipientEmailAddress", recipient},
          {"FileName", name},
          {"FileType", "docm"},
          {"SHA256", "AB12"}};
}

TEST(MessageIndicators, CountsEachUrlDomainAndAttachmentOncePerMessage) {
  MessageIndicators indicators({"m1", "m2", "m3"});
  indicators.add_url_row(url_row("m1", "https://login.fabrikam.example/a", "login.fabrikam.example"));
  indicators.add_url_row(url_row("m1", "https://login.fabrikam.example/b", "Login.Fabrikam.example"));
  indicators.add_url_row(url_row("m1", "https://login.fabrikam.example/a", "login.fabrikam.example"));  // repeated
  indicators.add_url_row(url_row("m2", "https://login.fabrikam.example/a", "login.fabrikam.example"));
  indicators.add_url_row(url_row("other", "https://unrelated.example/", "unrelated.example"));  // not wanted
  // EmailAttachmentInfo has a row per recipient: one attachment of one message.
  indicators.add_attachment_row(attachment_row("m2", "a@contoso.com", "invoice.docm"));
  indicators.add_attachment_row(attachment_row("m2", "b@contoso.com", "invoice.docm"));
  indicators.add_attachment_row(attachment_row("m3", "a@contoso.com", "invoice.docm"));

  const auto all = indicators.evidence({"m1", "m2", "m3"});
  EXPECT_EQ(all["urls"]["joined_messages"], 2);
  EXPECT_EQ(all["urls"]["top"], (nlohmann::json{{{"url", "https://login.fabrikam.example/a"}, {"messages", 2}},
                                                {{"url", "https://login.fabrikam.example/b"}, {"messages", 1}}}));
  EXPECT_EQ(all["urls"]["top_domains"],
            (nlohmann::json{{{"domain", "login.fabrikam.example"}, {"messages", 2}}}));
  EXPECT_EQ(all["attachments"]["joined_messages"], 2);
  EXPECT_EQ(all["attachments"]["top"], (nlohmann::json{{{"file_name", "invoice.docm"},
                                                        {"file_type", "docm"},
                                                        {"sha256", "ab12"},
                                                        {"messages", 2}}}));

  // One group's messages only.
  const auto one = indicators.evidence({"m3"});
  EXPECT_EQ(one["urls"]["joined_messages"], 0);
  EXPECT_EQ(one["urls"]["top"], nlohmann::json::array());
  EXPECT_EQ(one["attachments"]["top"][0]["messages"], 1);
}

TEST(MessageIndicators, ListsAreBounded) {
  MessageIndicators indicators({"m1"});
  for (int i = 0; i < 300; ++i) {
    indicators.add_url_row(url_row("m1", "https://x.example/" + std::to_string(i), "d" + std::to_string(i)));
  }
  const auto evidence = indicators.evidence({"m1"});
  EXPECT_EQ(evidence["urls"]["top"].size(), MessageIndicators::kMaxListed);
  EXPECT_EQ(evidence["urls"]["top_domains"].size(), MessageIndicators::kMaxListed);
}

}  // namespace
}  // namespace vigil::engine::content::m365
