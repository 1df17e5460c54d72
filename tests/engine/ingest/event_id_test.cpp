#include "engine/ingest/event_id.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <thread>
#include <vector>

namespace vigil::engine::ingest {
namespace {

constexpr TimeMs kNow = 1'764'770'000'000;  // 2025-12-03

TEST(EventId, TwentyUrlSafeCharacters) {
  const auto id = generate_event_id(kNow);
  ASSERT_EQ(id.size(), 20u);
  for (const char c : id) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << id;
}

TEST(EventId, LaterIdsCompareGreaterWithinAndAcrossMilliseconds) {
  std::string previous = generate_event_id(kNow);
  // Past the sequence's 64-value low digit, so that a carry into the next
  // character must keep the order too.
  for (int i = 0; i < 200; ++i) {
    const auto id = generate_event_id(kNow);
    EXPECT_LT(previous, id);
    previous = id;
  }
  EXPECT_LT(previous, generate_event_id(kNow + 1));
  EXPECT_LT(generate_event_id(kNow + 1), generate_event_id(kNow + 60'000));
  EXPECT_LT(generate_event_id(kNow + 60'000), generate_event_id(kNow + 86'400'000LL * 365 * 100));
}

TEST(EventId, UniqueAcrossThreadsInOneMillisecond) {
  std::vector<std::vector<std::string>> made(4);
  std::vector<std::thread> threads;
  for (auto& ids : made)
    threads.emplace_back([&ids] {
      for (int i = 0; i < 25'000; ++i) ids.push_back(generate_event_id(kNow));
    });
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& ids : made) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), 100'000u);
}

}  // namespace
}  // namespace vigil::engine::ingest
