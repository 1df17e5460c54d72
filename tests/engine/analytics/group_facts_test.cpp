#include "engine/analytics/group_facts.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace vigil::engine::analytics {
namespace {

// Evidence that records what GroupFacts hands it, so the hook is seen from outside.
class Recorded final : public GroupEvidence {
 public:
  void add(const ColumnRow& row, TimeMs t, std::string_view kept_distinct) override {
    rows.push_back(std::string(row.text("Kind").value_or("")) + "@" + std::to_string(t) + "/" + std::string(kept_distinct));
  }
  void merge(GroupEvidence&& other) override {
    auto& recorded = static_cast<Recorded&>(other).rows;
    rows.insert(rows.end(), recorded.begin(), recorded.end());
  }
  std::vector<std::string> rows;
};

class RecordedKind final : public GroupEvidenceKind {
 public:
  std::vector<std::string_view> columns_read() const override { return {"Kind"}; }
  std::unique_ptr<GroupEvidence> start(StringPool&, const AggregationSpec&) const override {
    return std::make_unique<Recorded>();
  }
};

AggregationSpec spec_with(bool evidence) {
  AggregationSpec spec;
  spec.distinct_field = "Id";
  spec.value_sets = {"ISP", "Location"};
  if (evidence) spec.evidence = std::make_shared<RecordedKind>();
  return spec;
}

// Row n: ids repeat every 70 rows, ISPs alternate, Location is absent on odd rows.
ColumnRow row(int n) {
  nlohmann::json columns{{"Id", "id-" + std::to_string(n % 70)}, {"ISP", "isp-" + std::to_string(n % 2)}, {"Kind", "k"}};
  if (n % 2 == 0) columns["Location"] = "NL";
  return ColumnRow(columns);
}

nlohmann::json facts_json(const GroupFacts& facts) {
  return {{"rows", facts.rows()},   {"metric", facts.metric()},        {"first", facts.first()},
          {"last", facts.last()},   {"sets", facts.value_sets()},      {"distinct", facts.distinct_values()}};
}

TEST(GroupFacts, CountsDistinctValuesAndListsValueSets) {
  StringPool pool;
  const auto spec = spec_with(false);
  GroupFacts facts(pool, spec);
  for (int n = 0; n < 140; ++n) facts.add(row(n), 1000 + n);
  EXPECT_EQ(facts.rows(), 140);
  EXPECT_EQ(facts.metric(), 70);
  EXPECT_EQ(facts.first(), 1000);
  EXPECT_EQ(facts.last(), 1139);
  EXPECT_EQ(facts.value_sets(), (nlohmann::json{{"ISP", {"isp-0", "isp-1"}}, {"Location", {"NL"}}}));
  EXPECT_EQ(facts.evidence(), nullptr);
}

TEST(GroupFacts, CountsRowsWithoutADistinctField) {
  StringPool pool;
  AggregationSpec spec;
  GroupFacts facts(pool, spec);
  for (int n = 0; n < 5; ++n) facts.add(row(n), n);
  EXPECT_EQ(facts.metric(), 5);
  EXPECT_EQ(facts.value_sets(), nlohmann::json::object());
}

// The rule's evidence kind sees every row, with the pool's copy of its distinct value.
TEST(GroupFacts, HandsEachRowToTheSpecsEvidence) {
  StringPool pool;
  const auto spec = spec_with(true);
  GroupFacts facts(pool, spec);
  facts.add(row(0), 10);
  facts.add(row(71), 11);
  ASSERT_NE(facts.evidence(), nullptr);
  EXPECT_EQ(static_cast<const Recorded&>(*facts.evidence()).rows, (std::vector<std::string>{"k@10/id-0", "k@11/id-1"}));
  EXPECT_EQ(GroupFacts::columns_read(spec), (std::vector<std::string_view>{"ISP", "Location", "Kind"}));
}

// Two scans taking turns over slices of time, merged, tell what one scan
// of every row tells, their evidence included.
TEST(GroupFacts, MergedScansOfInterleavedSlicesEqualOneScan) {
  const auto spec = spec_with(true);
  StringPool whole_pool;
  GroupFacts whole(whole_pool, spec);
  StringPool pool_a;
  StringPool pool_b;
  GroupFacts a(pool_a, spec);
  GroupFacts b(pool_b, spec);
  for (int n = 0; n < 400; ++n) {
    const TimeMs t = 1000 + n;
    whole.add(row(n), t);
    ((n / 25) % 2 == 0 ? a : b).add(row(n), t);  // slices of 25 rows, taken in turn
  }
  b.merge(std::move(a));  // in either order
  EXPECT_EQ(facts_json(b), facts_json(whole));
  EXPECT_EQ(static_cast<const Recorded&>(*b.evidence()).rows.size(), 400u);
}

}  // namespace
}  // namespace vigil::engine::analytics
