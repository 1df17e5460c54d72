// Inputs' dead letters in a real SQLite file: kept once per message, listed
// newest first, counted per input, the payload kept byte for byte.
#include "storage/sqlite/sqlite_dead_letter_store.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

using engine::ingest::DeadLetter;

DeadLetter letter(std::string input, std::int64_t offset, std::string payload = "not json") {
  return {std::move(input), 0, "winlogbeat", 1, offset, "not valid JSON", payload, payload.size(), 1000 + offset};
}

TEST(SqliteDeadLetterStore, KeepsAMessageDeliveredAgainOnce) {
  test::TempDir dir;
  Database db{Database::Options{dir / "v.db"}};
  SqliteDeadLetterStore store(db);
  const std::vector<DeadLetter> first = {letter("beats", 7), letter("beats", 9)};
  store.add(first);
  store.add(first);  // redelivered after a crash before the offset commit
  auto again = letter("beats", 7);
  again.epoch = 1;  // the topic was recreated: offset 7 is another message
  store.add(std::span(&again, 1));
  EXPECT_EQ(store.count("beats"), 3u);
  EXPECT_EQ(store.count(""), 3u);
  EXPECT_EQ(store.count("hub"), 0u);
  const auto listed = store.list("beats", 2);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].epoch, 1u);
  EXPECT_EQ(listed[1].offset, 9);
  EXPECT_EQ(listed[1].topic, "winlogbeat");
  EXPECT_EQ(listed[1].partition, 1);
  EXPECT_EQ(listed[1].error, "not valid JSON");
  EXPECT_EQ(listed[1].at, 1009);
}

TEST(SqliteDeadLetterStore, KeepsTheFirst64KiBOfAnyBytes) {
  test::TempDir dir;
  Database db{Database::Options{dir / "v.db"}};
  SqliteDeadLetterStore store(db);
  std::string binary(100 * 1024, '\xff');
  binary[0] = '\0';
  const std::vector<DeadLetter> letters = {letter("hub", 1, binary), letter("hub", 2, "")};
  store.add(letters);
  const auto listed = store.list("hub", 10);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].payload, "");
  EXPECT_EQ(listed[1].payload, binary.substr(0, 64 * 1024));
  EXPECT_EQ(listed[1].payload_bytes, 100u * 1024);
}

}  // namespace
}  // namespace vigil::storage
