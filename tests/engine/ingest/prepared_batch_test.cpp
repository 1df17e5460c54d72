#include "engine/ingest/prepared_batch.hpp"

#include <gtest/gtest.h>

namespace vigil::engine::ingest {
namespace {

PreparedBatch part(std::vector<std::string> ids, TimeMs at, std::uint64_t generation) {
  PreparedBatch b;
  for (auto& id : ids) {
    EventRecord r;
    r.index = "i";
    r.id = id;
    b.records.push_back(r);
    b.items.push_back({"i", std::move(id)});
  }
  b.received_at = at;
  b.matcher_generation = generation;
  return b;
}

std::vector<std::string> ids(const PreparedBatch& b) {
  std::vector<std::string> out;
  for (const auto& r : b.records) out.push_back(r.id);
  return out;
}

TEST(PreparedBatch, AppendedPartsKeepTheirOrderAndTheOldestMatcher) {
  auto whole = part({"a", "b"}, 20, 3);
  whole.append(part({"c"}, 10, 2));
  whole.append(part({"d"}, 30, 3));
  EXPECT_EQ(ids(whole), (std::vector<std::string>{"a", "b", "c", "d"}));
  ASSERT_EQ(whole.items.size(), 4u);
  EXPECT_EQ(whole.items[2].id, "c");
  EXPECT_EQ(whole.received_at, 10);
  // One part matched by an older matcher makes the whole stale.
  EXPECT_EQ(whole.matcher_generation, 2u);
}

TEST(PreparedBatch, AppendingToAnEmptyBatchTakesThePartAsItIs) {
  PreparedBatch whole;
  whole.append(part({"a"}, 5, 7));
  EXPECT_EQ(ids(whole), std::vector<std::string>{"a"});
  EXPECT_EQ(whole.received_at, 5);
  EXPECT_EQ(whole.matcher_generation, 7u);
}

}  // namespace
}  // namespace vigil::engine::ingest
