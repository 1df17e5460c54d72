#include "storage/sqlite/superseded_id.hpp"

#include <gtest/gtest.h>

namespace vigil::storage {
namespace {

TEST(SupersededId, RoundTripsTheShippedIdAndVersion) {
  const auto stored = superseded_id("evt-1", 12);
  EXPECT_EQ(stored, std::string("\0evt-1\0", 7) + "00000000000000000012");
  EXPECT_EQ(shipped_id(stored), "evt-1");
  EXPECT_EQ(superseded_version(stored), 12u);
  EXPECT_EQ(shipped_id("evt-1"), "evt-1");
  EXPECT_EQ(superseded_version("evt-1"), 0u);
}

TEST(SupersededId, VersionsOfOneIdSortTogetherInOrderAndBeforeShippedIds) {
  const auto low = superseded_low("a");
  const auto high = superseded_high("a");
  for (const std::uint64_t v : {1u, 9u, 10u, 123456u}) {
    EXPECT_LE(low, superseded_id("a", v));
    EXPECT_LT(superseded_id("a", v), high);
  }
  EXPECT_LT(superseded_id("a", 9), superseded_id("a", 10));
  // Another id that "a" is a prefix of falls outside a's range.
  EXPECT_FALSE(superseded_id("ab", 1) >= low && superseded_id("ab", 1) < high);
  EXPECT_LT(superseded_id("zzz", 1), std::string("\1"));
}

}  // namespace
}  // namespace vigil::storage
