#include "engine/hunt/flat_index.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::engine::hunt {
namespace {

// Things held apart from the index, numbered as they are added.
struct Things {
  FlatIndex index;
  std::vector<std::string> held;

  // The thing's number, and whether it was added; `hash` is the caller's to choose.
  std::pair<std::uint32_t, bool> find_or_add(const std::string& thing, std::uint64_t hash) {
    bool added = false;
    const auto n = index.find_or_add(
        hash, static_cast<std::uint32_t>(held.size()), [&](std::uint32_t m) { return held[m] == thing; }, added);
    if (added) held.push_back(thing);
    return {n, added};
  }
};

TEST(FlatIndexTest, NumbersThingsInOrderAndFindsThemAcrossGrowth) {
  Things things;
  for (int i = 0; i < 10000; ++i) {
    const auto [n, added] =
        things.find_or_add("t" + std::to_string(i), std::hash<std::string>{}("t" + std::to_string(i)));
    ASSERT_TRUE(added);
    ASSERT_EQ(n, static_cast<std::uint32_t>(i));
  }
  // Every one is found again under its number after the slots were doubled many times.
  for (int i = 0; i < 10000; ++i) {
    const auto [n, added] =
        things.find_or_add("t" + std::to_string(i), std::hash<std::string>{}("t" + std::to_string(i)));
    ASSERT_FALSE(added);
    ASSERT_EQ(n, static_cast<std::uint32_t>(i));
  }
  // At most half full: 10,000 things need 32,768 slots of 8 bytes.
  EXPECT_EQ(things.index.bytes(), 32768u * 8);
}

TEST(FlatIndexTest, ThingsOfOneHashAreToldApartByTheirEquality) {
  Things things;
  for (const auto* t : {"a", "b", "c", "a", "c", "d"}) things.find_or_add(t, 42);
  EXPECT_EQ(things.held, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(things.find_or_add("c", 42), std::make_pair(std::uint32_t{2}, false));
  // The same thing under another hash is not looked for where it is not.
  EXPECT_EQ(things.find_or_add("c", 43), std::make_pair(std::uint32_t{4}, true));
}

}  // namespace
}  // namespace vigil::engine::hunt
