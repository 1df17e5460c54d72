#include "engine/maintenance/storage_figures_cache.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace vigil::engine::maintenance {
namespace {

constexpr TimeMs kMaxAge = 5000;

class StorageFiguresCacheTest : public ::testing::Test {
 protected:
  ManualClock clock{1'000'000};
  std::uint64_t stored = 0;  // what the backend holds
  int measured = 0;
  StorageFiguresCache cache{[this] {
                              ++measured;
                              return StorageFigures{.database_bytes = 4096, .events = stored, .alerts = 0};
                            },
                            clock, kMaxAge};
};

TEST_F(StorageFiguresCacheTest, ReusesFiguresUntilTheyAreMaxAgeOld) {
  EXPECT_EQ(cache.read().events, 0u);
  stored = 3;
  clock.advance(kMaxAge - 1);
  EXPECT_EQ(cache.read().events, 0u);  // still the cached figure
  EXPECT_EQ(measured, 1);
  clock.advance(1);
  EXPECT_EQ(cache.read().events, 3u);
  stored = 5;
  clock.set(1'000'000);  // a clock set back does not pin the old figures
  EXPECT_EQ(cache.read().events, 5u);
  EXPECT_EQ(measured, 3);
}

TEST_F(StorageFiguresCacheTest, AFailedMeasurementIsTriedAgainAtTheNextRead) {
  StorageFiguresCache failing{[this]() -> StorageFigures {
                                if (++measured == 1) throw std::runtime_error("database is locked");
                                return {.database_bytes = 1, .events = 7, .alerts = 0};
                              },
                              clock, kMaxAge};
  EXPECT_THROW(failing.read(), std::runtime_error);
  EXPECT_EQ(failing.read().events, 7u);  // not a cached failure, and not kMaxAge later
}

}  // namespace
}  // namespace vigil::engine::maintenance
