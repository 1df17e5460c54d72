#include "api/http/memory_budget.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

namespace vigil::api {
namespace {

TEST(MemoryBudget, AdmitsWhatFitsAndRefusesTheRestUntilReleased) {
  MemoryBudget budget(100);
  auto a = budget.reserve(60);
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.reservation.bytes(), 60u);
  EXPECT_FALSE(budget.reserve(41).ok);
  auto b = budget.reserve(40);
  ASSERT_TRUE(b.ok);
  EXPECT_EQ(budget.in_use(), 100u);
  EXPECT_TRUE(budget.reserve(0).ok) << "a request without a body is never refused";
  b.reservation.release();
  EXPECT_EQ(budget.in_use(), 60u);
  EXPECT_TRUE(budget.reserve(40).ok);
}

TEST(MemoryBudget, ReservationsReturnTheirBytesWhenDestroyedOrMoved) {
  MemoryBudget budget(100);
  {
    auto a = budget.reserve(70);
    MemoryBudget::Reservation moved = std::move(a.reservation);
    EXPECT_EQ(a.reservation.bytes(), 0u);
    EXPECT_EQ(budget.in_use(), 70u);
    moved = budget.reserve(20).reservation;  // the 70 go back, the 20 stay
    EXPECT_EQ(budget.in_use(), 20u);
  }
  EXPECT_EQ(budget.in_use(), 0u);
  EXPECT_EQ(budget.peak(), 90u);
}

TEST(MemoryBudget, AGrowingBodyStopsAtTheCapacityAndKeepsWhatItHad) {
  MemoryBudget budget(100);
  auto chunked = budget.reserve(0).reservation;
  EXPECT_TRUE(chunked.grow(50));
  EXPECT_TRUE(chunked.grow(50));
  EXPECT_FALSE(chunked.grow(1));
  EXPECT_EQ(chunked.bytes(), 100u);
  EXPECT_EQ(chunked.capacity(), 100u);
  MemoryBudget::Reservation empty;
  EXPECT_FALSE(empty.grow(1)) << "a reservation from no budget holds nothing";
}

TEST(MemoryBudget, ConcurrentReservationsNeverOvershootTheCapacity) {
  constexpr int kThreads = 8;
  MemoryBudget budget(1000);
  std::atomic<int> held{0};
  std::latch all_tried(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      // Three each, all held at once: only ten of the 24 fit.
      std::vector<MemoryBudget::Reservation> mine;
      for (int i = 0; i < 3; ++i)
        if (auto a = budget.reserve(100); a.ok) mine.push_back(std::move(a.reservation));
      held += static_cast<int>(mine.size());
      all_tried.arrive_and_wait();
      mine.clear();
      for (int i = 0; i < 20000; ++i) {
        auto a = budget.reserve(64 + i % 200);
        if (a.ok) a.reservation.grow(i % 50);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(held.load(), 10);
  EXPECT_EQ(budget.peak(), 1000u);
  EXPECT_EQ(budget.in_use(), 0u);
}

}  // namespace
}  // namespace vigil::api
