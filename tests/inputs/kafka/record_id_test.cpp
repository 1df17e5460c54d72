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
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
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

}  // namespace
}  // namespace vigil::inputs::kafka
