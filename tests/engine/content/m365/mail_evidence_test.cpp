#include "engine/content/m365/mail_evidence.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace vigil::engine::content::m365 {
namespace {

using analytics::ColumnRow;
using analytics::StringPool;

// Mail row n: ids repeat every 70 rows, so the metric counts 70 of them;
// more than 50 ids, so samples are cut.
ColumnRow mail_row(int n) {
  return ColumnRow(nlohmann::json{
      {"NetworkMessageId", "msg-" + std::to_string(n % 70)},
      {"RecipientEmailAddress", "r@Partner" + std::to_string(n % 3) + ".example"},
      {"EmailDirection", n % 4 == 0 ? "Intra-org" : n % 4 == 1 ? "Outbound" : "Unknown"},
      {"SenderMailFromAddress", n % 5 == 0 ? "bounce@mailer.example" : "ceo@contoso.com"},
      {"SenderFromAddress", "ceo@contoso.com"},
      // Half from one IPv4 relay, the rest split between an IPv6 and another IPv4 one.
      {"SenderIPv4", n % 2 == 0 ? nlohmann::json("203.0.113.5") : n % 4 == 1 ? nlohmann::json(nullptr)
                                                                              : nlohmann::json("198.51.100.9")},
      {"SenderIPv6", n % 4 == 1 ? nlohmann::json("2001:db8::25") : nlohmann::json(nullptr)},
      {"UrlCount", n % 3},
      {"AttachmentCount", n % 7 == 0 ? nlohmann::json("1") : nlohmann::json(0)},
  });
}

// Ids are shared with the group's distinct NetworkMessageId values, as in a mail rule's run.
MailEvidence gathered(StringPool& pool, int from, int to, const std::vector<int>& skip_slices = {}) {
  MailEvidence evidence(pool, true);
  for (int n = from; n < to; ++n) {
    if (std::find(skip_slices.begin(), skip_slices.end(), (n / 25) % 2) != skip_slices.end()) continue;
    evidence.add(mail_row(n), 1000 + n, pool.keep("msg-" + std::to_string(n % 70)));
  }
  return evidence;
}

TEST(MailEvidence, ReportsSamplesDomainsSendersAndCounts) {
  StringPool pool;
  const auto mail = gathered(pool, 0, 140).to_json({});
  ASSERT_EQ(mail["samples"].size(), 50u);
  EXPECT_EQ(mail["samples"][0], "msg-0");
  EXPECT_EQ(mail["samples"][49], "msg-49");
  // Rows 0, 3, 6... of which a quarter Intra-org, a quarter Outbound: both sides, so unknown.
  EXPECT_EQ(mail["recipient_domains"][0],
            (nlohmann::json{{"domain", "partner0.example"}, {"count", 47}, {"scope", "unknown"}}));
  EXPECT_EQ(mail["distinct_recipient_domains"], 3);
  EXPECT_EQ(mail["direction"], (nlohmann::json{{"internal", 35}, {"external", 35}, {"unknown", 70}}));
  EXPECT_EQ(mail["sender_pairs"][0]["envelope_from"], "ceo@contoso.com");
  EXPECT_EQ(mail["sender_pairs"][0]["header_from"], "ceo@contoso.com");
  EXPECT_EQ(mail["sender_pairs"][0]["count"], 112);
  // Intra-org and Outbound rows only put a sender inside; Unknown rows say nothing.
  EXPECT_EQ(mail["sender_pairs"][0]["envelope_from_scope"], "internal");
  EXPECT_EQ(mail["sender_ips"], (nlohmann::json{{{"ip", "203.0.113.5"}, {"count", 70}},
                                                {{"ip", "198.51.100.9"}, {"count", 35}},  // ties in text order
                                                {{"ip", "2001:db8::25"}, {"count", 35}}}));
  EXPECT_EQ(mail["distinct_sender_ips"], 3);
  // UrlCount n % 3 (0, 1, 2) and AttachmentCount "1" on every seventh row, as text.
  EXPECT_EQ(mail["urls"], (nlohmann::json{{"rows", 93}, {"total", 139}, {"max_per_message", 2}}));
  EXPECT_EQ(mail["attachments"], (nlohmann::json{{"rows", 20}, {"total", 20}, {"max_per_message", 1}}));
}

// With the tenant's accepted domains configured, a domain's side is the
// list's answer whatever the messages' directions say.
TEST(MailEvidence, AcceptedDomainsMarkDomainsInternalOrExternal) {
  StringPool pool;
  const auto mail = gathered(pool, 0, 140).to_json({.accepted_domains = {"CONTOSO.com", "partner1.example"}});
  std::map<std::string, std::string> scopes;
  for (const auto& d : mail["recipient_domains"]) scopes[d["domain"]] = d["scope"];
  EXPECT_EQ(scopes, (std::map<std::string, std::string>{
                        {"partner0.example", "external"}, {"partner1.example", "internal"}, {"partner2.example", "external"}}));
  for (const auto& pair : mail["sender_pairs"]) {
    EXPECT_EQ(pair["header_from_scope"], "internal");  // ceo@contoso.com
    EXPECT_EQ(pair["envelope_from_scope"], pair["envelope_from"] == "ceo@contoso.com" ? "internal" : "external");
  }
}

// Two scans taking turns over slices of time, merged, tell what one scan
// of every row tells.
TEST(MailEvidence, MergedScansOfInterleavedSlicesEqualOneScan) {
  StringPool whole_pool;
  StringPool pool_a;
  StringPool pool_b;
  const auto whole = gathered(whole_pool, 0, 400);
  auto a = gathered(pool_a, 0, 400, {1});  // slices of 25 rows, taken in turn
  auto b = gathered(pool_b, 0, 400, {0});
  b.merge(std::move(a));  // in either order
  EXPECT_EQ(b.to_json({}), whole.to_json({}));
}

}  // namespace
}  // namespace vigil::engine::content::m365
