// Compact rows: a summarize over a scan and the filters and projections on
// it reads rows holding only the columns the query reads. The answers must
// be those of rows as wide as the table, which a sort in the chain keeps.
#include "engine/hunt/column_layout.hpp"

#include <gtest/gtest.h>

#include "engine/hunt/expression_binder.hpp"
#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

TEST(ColumnLayoutTest, RemapMovesColumnReferencesAndSharesWhatReadsNoColumn) {
  const auto layout = ColumnLayout::of({false, true, false, true});
  EXPECT_EQ(layout.at, (std::vector<std::size_t>{ColumnLayout::kAbsent, 0, ColumnLayout::kAbsent, 1}));
  const auto constant = ExpressionBinder::constant(Value::string("x"));
  auto call = std::make_shared<BoundExpr>();
  call->kind = BoundExpr::Kind::kCall;
  call->row_independent = false;
  call->args = {ExpressionBinder::column(3, Type::kString), constant};
  const auto remapped = remap(call, layout);
  EXPECT_EQ(remapped->args[0]->column, 1u);
  EXPECT_EQ(remapped->args[1], constant);  // shared, not copied
  EXPECT_EQ(call->args[0]->column, 3u);    // the bound expression is left as it was
  EXPECT_EQ(remap(constant, layout), constant);
}

class CompactRowsTest : public ::testing::Test {
 protected:
  CompactRowsTest() {
    int i = 0;
    for (const auto& [from, urls, direction] :
         std::vector<std::tuple<std::string, int, std::string>>{{"a@one.example", 1, "Outbound"},
                                                                {"b@two.example", 5, "Outbound"},
                                                                {"c@one.example", 7, "Inbound"},
                                                                {"d@two.example", 2, "Outbound"},
                                                                {"e@one.example", 9, "Outbound"}})
      store_.add("EmailEvents", {{"Timestamp", at(kNow - kHourMs + i++ * kMinuteMs)},
                                 {"NetworkMessageId", "m" + std::to_string(i)},
                                 {"SenderFromAddress", from},
                                 {"Subject", "s" + std::to_string(urls % 2)},
                                 {"UrlCount", urls},
                                 {"EmailDirection", direction}});
  }
  // The pipeline's rows summarized by `summarize`, compact and wide.
  void expect_same(const std::string& pipeline, const std::string& summarize, std::size_t rows) {
    SCOPED_TRACE(pipeline + " | " + summarize);
    const auto compact = rows_of(store_.run("EmailEvents | " + pipeline + " | " + summarize));
    const auto wide = rows_of(store_.run("EmailEvents | " + pipeline + " | sort by Timestamp asc | " + summarize));
    EXPECT_EQ(compact, wide);
    EXPECT_EQ(compact.size(), rows);
  }
  HuntStore store_;
};

TEST_F(CompactRowsTest, SummarizeOverFiltersAndProjectionsGivesTheWideRowsAnswers) {
  expect_same("where UrlCount > 1 | extend Domain = split(SenderFromAddress, \"@\")[1]",
              "summarize n = count(), ids = make_list(NetworkMessageId) by tostring(Domain)", 2);
  expect_same(
      "extend Domain = tostring(split(SenderFromAddress, \"@\")[1]) | where Domain != \"two.example\" | "
      "where EmailDirection !in (\"Inbound\")",
      "summarize n = dcount(NetworkMessageId), top = arg_max(UrlCount, Subject) by Domain, bin(Timestamp, 1h)", 1);
  // Columns renamed, dropped, reordered and computed from each other on the way.
  expect_same(
      "project-rename Sender = SenderFromAddress | project-away Subject | extend Twice = UrlCount * 2 | "
      "project Twice, Sender, Timestamp, UrlCount | extend UrlCount = Twice + UrlCount",
      "summarize total = sum(UrlCount), senders = make_set(Sender) by Twice > 5", 2);
  // A predicate holding a subquery, and one summarize over another.
  expect_same("where UrlCount > toscalar(EmailEvents | summarize min(UrlCount))",
              "summarize n = count() by EmailDirection | summarize groups = count(), most = max(n)", 1);
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
