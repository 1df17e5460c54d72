#include "engine/analytics/group_facts.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::engine::analytics {
namespace {

AggregationSpec mail_spec() {
  AggregationSpec spec;
  spec.distinct_field = "NetworkMessageId";
  spec.mail_evidence = true;
  return spec;
}

// Mail row n: ids repeat every 70 rows, so the metric counts 70 of them;
// more than 50 ids, so samples are cut.
ColumnRow mail_row(int n) {
  return ColumnRow(nlohmann::json{
      {"NetworkMessageId", "msg-" + std::to_string(n % 70)},
      {"RecipientEmailAddress", "r@Partner" + std::to_string(n % 3) + ".example"},
      {"EmailDirection", n % 4 == 0 ? "Intra-org" : n % 4 == 1 ? "Outbound" : "Unknown"},
      {"SenderMailFromAddress", n % 5 == 0 ? "bounce@mailer.example" : "ceo@contoso.com"},
      {"SenderFromAddress", "ceo@contoso.com"},
      {"ISP", "isp-" + std::to_string(n % 2)},
      {"Location", "NL"},
  });
}

nlohmann::json facts_json(const GroupFacts& facts) {
  return {{"rows", facts.rows()},         {"metric", facts.metric()},       {"first", facts.first()},
          {"last", facts.last()},         {"mail", facts.mail_evidence()},  {"sets", facts.value_sets()}};
}

TEST(GroupFacts, CountsDistinctValuesAndReportsMailEvidence) {
  StringPool pool;
  GroupFacts facts(pool);
  const auto spec = mail_spec();
  for (int n = 0; n < 140; ++n) facts.add(mail_row(n), 1000 + n, spec);
  EXPECT_EQ(facts.rows(), 140);
  EXPECT_EQ(facts.metric(), 70);
  const auto mail = facts.mail_evidence();
  ASSERT_EQ(mail["samples"].size(), 50u);
  EXPECT_EQ(mail["samples"][0], "msg-0");
  EXPECT_EQ(mail["samples"][49], "msg-49");
  EXPECT_EQ(mail["recipient_domains"][0], (nlohmann::json{{"domain", "partner0.example"}, {"count", 47}}));
  EXPECT_EQ(mail["distinct_recipient_domains"], 3);
  EXPECT_EQ(mail["direction"], (nlohmann::json{{"internal", 35}, {"external", 35}, {"unknown", 70}}));
  EXPECT_EQ(mail["sender_pairs"][0]["p1_mail_from"], "ceo@contoso.com");
  EXPECT_EQ(mail["sender_pairs"][0]["count"], 112);
  EXPECT_EQ(facts.value_sets(), (nlohmann::json{{"ISP", {"isp-0", "isp-1"}}, {"Location", {"NL"}}}));
}

// Two scans taking turns over slices of time, merged, tell what one scan
// of every row tells.
TEST(GroupFacts, MergedScansOfInterleavedSlicesEqualOneScan) {
  const auto spec = mail_spec();
  StringPool whole_pool;
  GroupFacts whole(whole_pool);
  StringPool pool_a;
  StringPool pool_b;
  GroupFacts a(pool_a);
  GroupFacts b(pool_b);
  for (int n = 0; n < 400; ++n) {
    const TimeMs t = 1000 + n;
    whole.add(mail_row(n), t, spec);
    ((n / 25) % 2 == 0 ? a : b).add(mail_row(n), t, spec);  // slices of 25 rows, taken in turn
  }
  b.merge(std::move(a));  // in either order
  EXPECT_EQ(facts_json(b), facts_json(whole));
}

}  // namespace
}  // namespace vigil::engine::analytics
