// Kusto's case rules: == and in are case-sensitive; =~, in~, has, contains are not.
#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

std::size_t count(HuntStore& store, const std::string& predicate) {
  return store.run("EmailEvents | where " + predicate).rows.size();
}

TEST(StringOperatorsTest, CaseRulesAsKustos) {
  HuntStore store;
  store.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs)}, {"NetworkMessageId", "m"}, {"SenderFromAddress", "x"},
                            {"EmailDirection", "Outbound"}, {"Subject", "Invoice-42 from CONTOSO"}});
  EXPECT_EQ(count(store, "Subject == \"invoice-42 from contoso\""), 0u);
  EXPECT_EQ(count(store, "Subject =~ \"invoice-42 from contoso\""), 1u);
  EXPECT_EQ(count(store, "Subject in (\"invoice-42 from contoso\")"), 0u);
  EXPECT_EQ(count(store, "Subject in~ (\"invoice-42 from contoso\")"), 1u);
  EXPECT_EQ(count(store, "Subject has \"contoso\""), 1u);
  EXPECT_EQ(count(store, "Subject has \"conto\""), 0u);  // has matches whole terms
  EXPECT_EQ(count(store, "Subject has_cs \"contoso\""), 0u);
  EXPECT_EQ(count(store, "Subject contains \"voice\""), 1u);
  EXPECT_EQ(count(store, "Subject !contains \"voice\""), 0u);
  EXPECT_EQ(count(store, "Subject startswith \"INVOICE\""), 1u);
  EXPECT_EQ(count(store, "Subject endswith_cs \"contoso\""), 0u);
  EXPECT_EQ(count(store, "Subject has_any (\"nothing\", \"42\")"), 1u);
  EXPECT_EQ(count(store, "Subject has_all (\"from\", \"nothing\")"), 0u);
  EXPECT_EQ(count(store, "Subject matches regex \"[0-9]+ from\""), 1u);
  EXPECT_EQ(count(store, "Subject !in (\"a\", \"b\")"), 1u);
}

TEST(StringOperatorsTest, NullComparisonsFollowKusto) {
  HuntStore store;
  store.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs)}, {"NetworkMessageId", "m"}, {"SenderFromAddress", "x"},
                            {"EmailDirection", "Outbound"}});
  // UrlCount is absent: null. null == 1 is false, null != 1 is true, null > 1 is null.
  EXPECT_EQ(count(store, "UrlCount == 1"), 0u);
  EXPECT_EQ(count(store, "UrlCount != 1"), 1u);
  EXPECT_EQ(count(store, "UrlCount > 1 or isnull(UrlCount)"), 1u);
  // A missing string is empty, never null.
  EXPECT_EQ(count(store, "isempty(Subject) and isnotnull(Subject)"), 1u);
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
