#include "outputs/webhook_body.hpp"

#include <gtest/gtest.h>

#include "tests/outputs/test_entries.hpp"

namespace vigil::outputs {
namespace {

TEST(WebhookBody, RawCarriesTheTypeTheKeyAndTheWholeAlert) {
  const auto entry = testing::created_entry();
  const auto body = nlohmann::json::parse(webhook_body(WebhookTemplate::kRaw, entry));
  EXPECT_EQ(body["type"], "alert.created");
  EXPECT_EQ(body["idempotency_key"], "9f2c");
  EXPECT_EQ(body["alert"], entry.alert);
  EXPECT_FALSE(body.contains("change"));
}

TEST(WebhookBody, RawTriageChangesCarryTheChange) {
  const auto entry = testing::triaged_entry();
  const auto body = nlohmann::json::parse(webhook_body(WebhookTemplate::kRaw, entry));
  EXPECT_EQ(body["type"], "alert.triaged");
  EXPECT_EQ(body["idempotency_key"], "9f2c:triage:9");
  EXPECT_EQ(body["change"]["author"], "ann");
}

TEST(WebhookBody, SlackHasTheHeadlineAsTextAndEscapesMarkup) {
  auto entry = testing::created_entry();
  entry.alert["host"]["name"] = "<WS1&>";
  const auto body = nlohmann::json::parse(webhook_body(WebhookTemplate::kSlack, entry));
  EXPECT_EQ(body["text"], "[MEDIUM] New ActiveSyncAllowedDeviceID Added via PowerShell");
  ASSERT_EQ(body["blocks"].size(), 3u);
  EXPECT_EQ(body["blocks"][2]["fields"][0]["text"], "*Host*\n&lt;WS1&amp;&gt;");
  EXPECT_EQ(body["blocks"][2]["fields"][3]["text"], "*MITRE*\nT1098 T1098.002");
}

TEST(WebhookBody, TeamsIsAnAdaptiveCardMessage) {
  const auto body = nlohmann::json::parse(webhook_body(WebhookTemplate::kTeams, testing::triaged_entry()));
  EXPECT_EQ(body["type"], "message");
  const auto& attachment = body["attachments"][0];
  EXPECT_EQ(attachment["contentType"], "application/vnd.microsoft.card.adaptive");
  const auto& card = attachment["content"];
  EXPECT_EQ(card["type"], "AdaptiveCard");
  EXPECT_EQ(card["body"][0]["text"],
            "Triaged by ann: status open -> closed (New ActiveSyncAllowedDeviceID Added via PowerShell)");
  EXPECT_EQ(card["body"][2]["facts"][2], (nlohmann::json{{"title", "Status"}, {"value", "closed"}}));
}

}  // namespace
}  // namespace vigil::outputs
