// librdkafka's warning of an offset reset, as its releases write it, read
// into topic, partition and offsets; other OFFSET lines are not resets.
#include "inputs/kafka/offset_reset.hpp"

#include <gtest/gtest.h>

namespace vigil::inputs::kafka {
namespace {

TEST(ParseOffsetReset, ReadsTheWarningAsLibrdkafkaReleasesWriteIt) {
  const std::vector<std::pair<std::string, OffsetReset>> cases = {
      // 2.0 (Debian 12's), led by the thread's name
      {"[thrd:main]: winlogbeat [2]: offset reset (at offset 500, broker 1) to BEGINNING: fetch failed due to requested offset "
       "not available on the broker: Broker: Offset out of range",
       {"winlogbeat", 2, 500, "BEGINNING"}},
      // 2.1 and later name leader epochs
      {"insights-logs [0]: offset reset (at offset 8 (leader epoch 8), broker 1) to offset END (leader epoch -1): "
       "fetch failed due to requested offset not available on the broker: Broker: Offset out of range",
       {"insights-logs", 0, 8, "END"}},
      // the log's start as the last fetch saw it
      {"a topic [11]: offset reset (at offset 7, broker 3) to cached BEGINNING offset 42: fetch failed: Broker: "
       "Offset out of range",
       {"a topic", 11, 7, "42"}},
  };
  for (const auto& [line, expected] : cases) {
    const auto reset = parse_offset_reset(line);
    ASSERT_TRUE(reset) << line;
    EXPECT_EQ(reset->topic, expected.topic) << line;
    EXPECT_EQ(reset->partition, expected.partition) << line;
    EXPECT_EQ(reset->from, expected.from) << line;
    EXPECT_EQ(reset->to, expected.to) << line;
  }
}

TEST(ParseOffsetReset, OtherLinesAreNoReset) {
  EXPECT_FALSE(parse_offset_reset("winlogbeat [0]: setting offset to 12"));
  EXPECT_FALSE(parse_offset_reset("offset reset (at offset 500, broker 1) to BEGINNING: x"));
  EXPECT_FALSE(parse_offset_reset(""));
}

}  // namespace
}  // namespace vigil::inputs::kafka
