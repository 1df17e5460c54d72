#include "engine/analytics/named_list.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace vigil::engine::analytics {
namespace {

std::vector<std::pair<std::string, int>> entries(const NamedList<int>& list) { return {list.begin(), list.end()}; }

TEST(NamedList, KeepsTheOrderOfAdding) {
  NamedList<int> list;
  list.add("b", 1);
  list.add("a", 2);
  EXPECT_EQ(entries(list), (std::vector<std::pair<std::string, int>>{{"b", 1}, {"a", 2}}));
}

// Content registers twice when vigild's wiring and a test both call register_all.
TEST(NamedList, AddingUnderANamePresentReplacesItsValueInPlace) {
  NamedList<int> list;
  list.add("b", 1);
  list.add("a", 2);
  list.add("b", 3);
  EXPECT_EQ(entries(list), (std::vector<std::pair<std::string, int>>{{"b", 3}, {"a", 2}}));
}

}  // namespace
}  // namespace vigil::engine::analytics
