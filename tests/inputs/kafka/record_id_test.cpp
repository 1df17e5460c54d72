// Ids of records shipped without one: the same position always gives the
// same id, and every part of the position counts.
#include "inputs/kafka/record_id.hpp"

#include <gtest/gtest.h>

#include <set>

namespace vigil::inputs::kafka {
namespace {

TEST(RecordId, IsTheSameOnEveryDeliveryAndDiffersWithAnyPartOfThePosition) {
  const RecordPosition base{"beats", 0, "winlogbeat", 2, 41, 0};
  const auto id = record_id(base);
  EXPECT_EQ(id.size(), 20u);
  EXPECT_EQ(id.find_first_not_of("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"), std::string::npos);
  EXPECT_EQ(record_id(base), id);

  std::set<std::string> ids = {id};
  auto other = base;
  other.input = "hub";
  ids.insert(record_id(other));
  other = base;
  other.epoch = 1;
  ids.insert(record_id(other));
  other = base;
  other.topic = "winlogbeat2";
  ids.insert(record_id(other));
  other = base;
  other.partition = 3;
  ids.insert(record_id(other));
  other = base;
  other.offset = 42;
  ids.insert(record_id(other));
  other = base;
  other.record = 1;
  ids.insert(record_id(other));
  // Separators: "a"+"bc" and "ab"+"c" are different positions.
  ids.insert(record_id({"a", 0, "bc", 2, 41, 0}));
  ids.insert(record_id({"ab", 0, "c", 2, 41, 0}));
  EXPECT_EQ(ids.size(), 9u);
}

TEST(RecordId, APartitionsIdsSortAsTheirPositionsSoInsertsAppend) {
  const auto at = [](std::int64_t offset, std::size_t record) {
    return record_id({"beats", 0, "winlogbeat", 2, offset, record});
  };
  // Byte order, as SQLite's BINARY collation compares them.
  EXPECT_LT(at(41, 0), at(41, 1));
  EXPECT_LT(at(41, 63), at(41, 64));
  EXPECT_LT(at(41, 1000), at(42, 0));
  EXPECT_LT(at(63, 0), at(64, 0));
  EXPECT_LT(at(999'999, 0), at(1'000'000, 0));
  EXPECT_LT(at(1'000'000, 0), at(std::int64_t{1} << 53, 0));
  // Every id of a partition shares its first seven characters.
  EXPECT_EQ(at(0, 0).substr(0, 7), at(std::int64_t{1} << 40, 5).substr(0, 7));
}

}  // namespace
}  // namespace vigil::inputs::kafka
