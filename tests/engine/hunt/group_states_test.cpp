#include "engine/hunt/group_states.hpp"

#include <gtest/gtest.h>

#include "engine/hunt/expression_binder.hpp"
#include "tests/engine/hunt/hunt_test_support.hpp"

namespace vigil::engine::hunt::testing {
namespace {

BoundExprPtr column(std::size_t index, Type type) { return ExpressionBinder::column(index, type); }

// Rows of (message id, whether it counts): column 0 a string, column 1 a bool.
Row row(const char* id, bool counts) { return {Value::string(id), Value::boolean(counts)}; }

class GroupStatesTest : public ::testing::Test {
 protected:
  std::int64_t feed(GroupStates& states, std::vector<std::pair<std::uint32_t, Row>> rows, std::uint32_t groups) {
    std::int64_t held = 0;
    for (std::uint32_t g = 0; g < groups; ++g) held += states.add_group();
    for (const auto& [g, r] : rows) held += states.add(g, r, context_);
    return held;
  }
  std::int64_t result(const GroupStates& states, std::uint32_t group) {
    Row out;
    states.finish(group, out);
    EXPECT_EQ(out.size(), 1u);
    return out.front().as_long();
  }

  HuntStore store_;
  ExecContext context_{store_.source(), kNow, 0, kNow, {}, [] { return kNow; }};
};

TEST_F(GroupStatesTest, DistinctCountsEachGroupsValuesApartAndSkipsNulls) {
  AggregateSpec spec{"dcount", {column(0, Type::kString)}, {}, Type::kLong};
  auto states = make_group_states(spec);
  // Groups 0 and 2 share values; a group's values interleave with the others'.
  const auto held = feed(*states,
                         {{0, row("m1", true)},
                          {1, row("m9", true)},
                          {0, row("m2", true)},
                          {2, row("m1", true)},
                          {0, row("m1", true)},
                          {0, row("m3", true)},
                          {2, row("m2", true)},
                          {0, row("m2", true)}},
                         4);
  EXPECT_EQ(result(*states, 0), 3);
  EXPECT_EQ(result(*states, 1), 1);
  EXPECT_EQ(result(*states, 2), 2);
  EXPECT_EQ(result(*states, 3), 0) << "a group no row reached counts none";
  EXPECT_GT(held, 4 * static_cast<std::int64_t>(sizeof(Value))) << "the four distinct values are held";

  // A dynamic null is no value (a string is never null in Kusto: "" counts).
  AggregateSpec dynamic_spec{"dcount", {column(0, Type::kDynamic)}, {}, Type::kLong};
  auto dynamic_states = make_group_states(dynamic_spec);
  feed(*dynamic_states, {{0, {Value::null(Type::kDynamic)}}, {0, {Value::dynamic(nlohmann::json("x"))}}}, 1);
  EXPECT_EQ(result(*dynamic_states, 0), 1);
}

TEST_F(GroupStatesTest, ConditionalCountsCountOnlyTheRowsWhosePredicateIsTrue) {
  AggregateSpec dcountif{"dcountif", {column(0, Type::kString), column(1, Type::kBool)}, {}, Type::kLong};
  AggregateSpec countif{"countif", {column(1, Type::kBool)}, {}, Type::kLong};
  AggregateSpec count{"count", {}, {}, Type::kLong};
  const std::vector<std::pair<std::uint32_t, Row>> rows = {
      {0, row("m1", false)}, {0, row("m2", true)}, {0, row("m2", true)}, {1, row("m1", false)}};
  for (const auto* spec : {&dcountif, &countif, &count}) {
    auto states = make_group_states(*spec);
    feed(*states, rows, 2);
    const std::int64_t expected0 = spec == &dcountif ? 1 : spec == &countif ? 2 : 3;
    EXPECT_EQ(result(*states, 0), expected0) << spec->function;
    EXPECT_EQ(result(*states, 1), spec == &count ? 1 : 0) << spec->function;
  }
}

TEST_F(GroupStatesTest, OtherAggregatesKeepAnAccumulatorPerGroup) {
  AggregateSpec spec{"take_any", {column(0, Type::kString)}, {}, Type::kString};
  auto states = make_group_states(spec);
  feed(*states, {{1, row("m2", true)}, {0, row("m1", true)}, {1, row("m3", true)}}, 2);
  Row out;
  states->finish(0, out);
  states->finish(1, out);
  EXPECT_EQ(out[0].as_string(), "m1");
  EXPECT_EQ(out[1].as_string(), "m2");
}

}  // namespace
}  // namespace vigil::engine::hunt::testing
