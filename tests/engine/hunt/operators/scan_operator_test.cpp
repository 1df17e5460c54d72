#include "engine/hunt/operators/scan_operator.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

// The scan reads 4,096 events per chunk and resumes after the last one
// read: 10,000 events, 6,000 of them at one millisecond that straddles the
// chunk boundaries, must each come exactly once.
TEST(ScanOperatorTest, ChunksResumeWithoutLosingOrRepeatingEventsOfOneTimestamp) {
  HuntStore store;
  const TimeMs t = kNow - kHourMs;
  for (int i = 0; i < 10000; ++i)
    store.add("EmailEvents", {{"Timestamp", at(i < 2000 ? t + i : (i < 8000 ? t + 5000 : t + 10000 + i))},
                              {"NetworkMessageId", "m" + std::to_string(i)},
                              {"SenderFromAddress", "x"},
                              {"EmailDirection", "Outbound"}});
  const auto rows = rows_of(store.run("EmailEvents | summarize n = count(), d = dcount(NetworkMessageId)"));
  EXPECT_EQ(rows[0]["n"], 10000);
  EXPECT_EQ(rows[0]["d"], 10000);
  EXPECT_EQ(store.run("EmailEvents | take 5000").rows.size(), 5000u);
}

TEST(ScanOperatorTest, TimestampBoundsArePushedIntoTheScan) {
  HuntStore store;
  for (int i = 0; i < 10; ++i)
    store.add("EmailEvents", {{"Timestamp", at(kNow - i * kHourMs)},
                              {"NetworkMessageId", "m" + std::to_string(i)},
                              {"SenderFromAddress", "x"},
                              {"EmailDirection", "Outbound"}});
  const auto r = store.run("EmailEvents | where Timestamp > ago(3h) and NetworkMessageId != \"m0\"");
  EXPECT_EQ(r.rows.size(), 2u);   // m1, m2 (m3 is exactly 3 h old)
  EXPECT_EQ(r.rows_scanned, 4u);  // m0..m3: only the pushed-down range was read
}

// Equalities go to the store as text to look for; an empty string is not
// one (a row without the field holds "" too), and a field holding a number
// still compares as its text.
TEST(ScanOperatorTest, PushedDownEqualitiesKeepKustosAnswers) {
  HuntStore store;
  store.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs)},
                            {"NetworkMessageId", "a"},
                            {"SenderFromAddress", "x"},
                            {"EmailDirection", "Outbound"},
                            {"Connectors", "Relay"}});
  store.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs)},
                            {"NetworkMessageId", "b"},
                            {"SenderFromAddress", "x"},
                            {"EmailDirection", "Outbound"}});
  store.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs)},
                            {"NetworkMessageId", "c"},
                            {"SenderFromAddress", "x"},
                            {"EmailDirection", "Outbound"},
                            {"Connectors", 42}});
  const auto ids = [&](const std::string& where) {
    std::vector<std::string> out;
    for (const auto& r : rows_of(store.run("EmailEvents | where " + where + " | project NetworkMessageId")))
      out.push_back(r["NetworkMessageId"]);
    return out;
  };
  EXPECT_EQ(ids("Connectors == \"Relay\""), (std::vector<std::string>{"a"}));
  EXPECT_EQ(ids("Connectors == \"\""), (std::vector<std::string>{"b"}));
  EXPECT_EQ(ids("Connectors in (\"\", \"Relay\")"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ids("Connectors in (\"42\")"), (std::vector<std::string>{"c"}));
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
