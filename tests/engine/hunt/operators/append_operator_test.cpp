#include "engine/hunt/operators/append_operator.hpp"

#include <gtest/gtest.h>

#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

// Projections between a scan and a summarize append what they compute and
// leave the columns they pass on where they lie, in rows the scan refills
// (Operator::next_into): renamed, duplicated, dropped and computed columns
// must each read its own row's value.
class AppendOperatorTest : public ::testing::Test {
 protected:
  AppendOperatorTest() {
    store_.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs)},
                               {"NetworkMessageId", "m1"},
                               {"SenderFromAddress", "bob@contoso.com"},
                               {"Subject", "Hi"},
                               {"UrlCount", 3}});
    store_.add("EmailEvents", {{"Timestamp", at(kNow - 50 * kMinuteMs)},
                               {"NetworkMessageId", "m2"},
                               {"SenderFromAddress", "carol.longer.name@example.org"},
                               {"Subject", "A subject long enough for the heap"},
                               {"UrlCount", 1}});
    store_.add("EmailEvents", {{"Timestamp", at(kNow - 40 * kMinuteMs)},
                               {"NetworkMessageId", "m3"},
                               {"SenderFromAddress", "dan@contoso.com"}});
  }
  HuntStore store_;
};

TEST_F(AppendOperatorTest, RowsRefilledUnderASummarizeCarryEachRowsOwnValues) {
  const auto rows =
      rows_of(store_.run("EmailEvents | project Subject, NetworkMessageId, SenderFromAddress | extend Domain = "
                         "split(SenderFromAddress, \"@\")[1] | project-away SenderFromAddress | summarize Ids = "
                         "make_list(NetworkMessageId), "
                         "Subjects = make_list(Subject) by Domain = tostring(Domain)"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (nlohmann::json{{"Domain", "contoso.com"},
                                     {"Ids", nlohmann::json::array({"m1", "m3"})},
                                     {"Subjects", nlohmann::json::array({"Hi", ""})}}));
  EXPECT_EQ(rows[1], (nlohmann::json{{"Domain", "example.org"},
                                     {"Ids", nlohmann::json::array({"m2"})},
                                     {"Subjects", nlohmann::json::array({"A subject long enough for the heap"})}}));
}

TEST_F(AppendOperatorTest, RenamedDuplicatedAndComputedColumnsReadTheirOwnValues) {
  // Id and Id2 both read NetworkMessageId's position; Len and Twice are appended, Twice over Len's projection.
  const auto rows = rows_of(store_.run(
      "EmailEvents | project S = Subject, Id = NetworkMessageId, Id2 = NetworkMessageId, Len = strlen(Subject), "
      "UrlCount | extend Twice = Len * 2 | project-rename Urls = UrlCount | summarize Ids = make_list(Id), "
      "Ids2 = make_list(Id2), Total = sum(Twice), Urls = sum(Urls) by Short = Len < 10"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (nlohmann::json{{"Short", true},
                                     {"Ids", nlohmann::json::array({"m1", "m3"})},
                                     {"Ids2", nlohmann::json::array({"m1", "m3"})},
                                     {"Total", 4},
                                     {"Urls", 3}}));
  EXPECT_EQ(rows[1], (nlohmann::json{{"Short", false},
                                     {"Ids", nlohmann::json::array({"m2"})},
                                     {"Ids2", nlohmann::json::array({"m2"})},
                                     {"Total", 68},
                                     {"Urls", 1}}));
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
