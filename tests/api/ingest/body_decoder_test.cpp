#include "api/ingest/body_decoder.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "tests/support/compression.hpp"

namespace vigil::api {
namespace {

using test::compress;

const std::string kText = std::string(100000, 'a') + "end";

TEST(BodyDecoder, IdentityPassesThroughUnderTheLimit) {
  auto r = decode_body("hello", "", 10);
  EXPECT_EQ(std::get<std::string>(r), "hello");
  auto big = decode_body("hello world", "identity", 5);
  EXPECT_EQ(std::get<DecodeError>(big).status, 413);
}

TEST(BodyDecoder, InflatesGzipAndBothDeflateFlavours) {
  EXPECT_EQ(std::get<std::string>(decode_body(compress(kText, 15 + 16), "gzip", 1 << 20)), kText);
  EXPECT_EQ(std::get<std::string>(decode_body(compress(kText, 15), "deflate", 1 << 20)), kText);
  EXPECT_EQ(std::get<std::string>(decode_body(compress(kText, -15), "Deflate", 1 << 20)), kText);
}

TEST(BodyDecoder, ConcatenatedGzipMembersAreOneBody) {
  const auto two = compress("first\n", 15 + 16) + compress("second\n", 15 + 16);
  EXPECT_EQ(std::get<std::string>(decode_body(two, "gzip", 1 << 20)), "first\nsecond\n");
}

TEST(BodyDecoder, CorruptAndTruncatedGzipAre400) {
  auto gz = compress(kText, 15 + 16);
  auto truncated = decode_body(gz.substr(0, gz.size() / 2), "gzip", 1 << 20);
  ASSERT_TRUE(std::holds_alternative<DecodeError>(truncated));
  EXPECT_EQ(std::get<DecodeError>(truncated).status, 400);
  EXPECT_NE(std::get<DecodeError>(truncated).reason.find("truncated"), std::string::npos);
  auto corrupt = decode_body("this is not gzip at all", "gzip", 1 << 20);
  ASSERT_TRUE(std::holds_alternative<DecodeError>(corrupt));
  EXPECT_EQ(std::get<DecodeError>(corrupt).status, 400);
  EXPECT_NE(std::get<DecodeError>(corrupt).reason.find("corrupt"), std::string::npos);
}

TEST(BodyDecoder, ABombStopsAtTheLimitWith413) {
  const auto bomb = compress(std::string(50 * 1024 * 1024, '\0'), 15 + 16, Z_BEST_COMPRESSION);  // ~1000:1
  ASSERT_LT(bomb.size(), 100 * 1024u);
  auto r = decode_body(bomb, "gzip", 1024 * 1024);
  ASSERT_TRUE(std::holds_alternative<DecodeError>(r));
  EXPECT_EQ(std::get<DecodeError>(r).status, 413);
}

TEST(BodyDecoder, InflationIsReservedAsItGrowsAndRefusedWhenTheBudgetIsOut) {
  const auto gz = compress(std::string(4 * 1024 * 1024, 'a'), 15 + 16, Z_BEST_COMPRESSION);
  MemoryBudget budget(16 * 1024 * 1024);
  auto reservation = budget.reserve(0).reservation;
  ASSERT_TRUE(std::holds_alternative<std::string>(decode_body(gz, "gzip", 1 << 30, &reservation)));
  EXPECT_GE(reservation.bytes(), 4u * 1024 * 1024);  // the inflated text stays reserved

  // Others hold all but 1 MB: a second such body must wait.
  auto others = budget.reserve(budget.capacity() - budget.in_use() - 1024 * 1024).reservation;
  auto other = budget.reserve(0).reservation;
  auto busy = decode_body(gz, "gzip", 1 << 30, &other);
  ASSERT_TRUE(std::holds_alternative<DecodeError>(busy));
  EXPECT_EQ(std::get<DecodeError>(busy).status, 429);
  MemoryBudget small(1024 * 1024);
  auto never = small.reserve(0).reservation;
  auto too_large = decode_body(gz, "gzip", 1 << 30, &never);
  ASSERT_TRUE(std::holds_alternative<DecodeError>(too_large));
  EXPECT_EQ(std::get<DecodeError>(too_large).status, 413);
  EXPECT_NE(std::get<DecodeError>(too_large).reason.find("server.request_memory_limit"), std::string::npos);
}

TEST(BodyDecoder, UnknownEncodingIs415) {
  EXPECT_EQ(std::get<DecodeError>(decode_body("x", "br", 10)).status, 415);
}

}  // namespace
}  // namespace vigil::api
