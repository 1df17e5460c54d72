// The DeadLetterStore contract (engine/ingest/dead_letters.hpp), run against
// every storage backend: kept once per message, listed newest first with
// filters and cursor paging, counted per input, the payload kept byte for byte.
#include <gtest/gtest.h>

#include "tests/storage/store_backend.hpp"

namespace vigil::storage::testing {
namespace {

using engine::ingest::DeadLetter;

DeadLetter letter(std::string input, std::int64_t offset, std::string payload = "not json") {
  return {std::move(input), 0, "winlogbeat", 1, offset, "not valid JSON", payload, payload.size(), 1000 + offset};
}

class DeadLetterStoreContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  std::unique_ptr<StoreBackend> backend = GetParam().make();
  engine::ingest::DeadLetterStore& store = backend->dead_letters();

  // The offsets of a page's letters, and the page.
  std::pair<std::vector<std::int64_t>, engine::ingest::DeadLetterPage> page(
      const engine::ingest::DeadLetterQuery& query, std::size_t refuse_after = SIZE_MAX) {
    std::vector<std::int64_t> offsets;
    const auto listed = store.list(query, [&](DeadLetter&& l) {
      if (offsets.size() == refuse_after) return false;
      offsets.push_back(l.offset);
      return true;
    });
    return {offsets, listed};
  }
};

TEST_P(DeadLetterStoreContract, KeepsAMessageDeliveredAgainOnce) {
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

TEST_P(DeadLetterStoreContract, KeepsTheFirst64KiBOfAnyBytes) {
  std::string binary(100 * 1024, '\xff');
  binary[0] = '\0';
  auto quoting = letter("hub", 1, binary);
  quoting.error = "syntax error; last read: '\xff'";  // an error may quote the message's bytes
  const std::vector<DeadLetter> letters = {quoting, letter("hub", 2, "")};
  store.add(letters);
  const auto listed = store.list("hub", 10);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].payload, "");
  EXPECT_EQ(listed[1].payload, binary.substr(0, 64 * 1024));
  EXPECT_EQ(listed[1].payload_bytes, 100u * 1024);
  EXPECT_EQ(listed[1].error, quoting.error);
}

TEST_P(DeadLetterStoreContract, ListsMatchingLettersNewestFirstPageByPage) {
  std::vector<DeadLetter> letters;
  for (std::int64_t offset = 1; offset <= 5; ++offset) letters.push_back(letter("beats", offset));
  auto other_topic = letter("beats", 6);
  other_topic.topic = "sysmon";
  letters.push_back(other_topic);
  letters.push_back(letter("hub", 7));
  store.add(letters);

  engine::ingest::DeadLetterQuery query;
  query.filter.input = "beats";
  query.filter.topic = "winlogbeat";
  query.limit = 2;
  auto [offsets, listed] = page(query);
  EXPECT_EQ(offsets, (std::vector<std::int64_t>{5, 4}));
  EXPECT_EQ(listed.total, 5u);
  ASSERT_TRUE(listed.next);
  query.after = listed.next;
  std::tie(offsets, listed) = page(query);
  EXPECT_EQ(offsets, (std::vector<std::int64_t>{3, 2}));
  query.after = listed.next;
  std::tie(offsets, listed) = page(query);
  EXPECT_EQ(offsets, (std::vector<std::int64_t>{1}));
  EXPECT_FALSE(listed.next);

  // Set aside at or after `since`, before `until` (at = 1000 + offset).
  query = {};
  query.filter.since = 1002;
  query.filter.until = 1007;
  std::tie(offsets, listed) = page(query);
  EXPECT_EQ(offsets, (std::vector<std::int64_t>{6, 5, 4, 3, 2}));
  EXPECT_EQ(listed.total, 5u);

  // A letter the sink refuses ends the page; the next starts with it.
  std::tie(offsets, listed) = page(query, 2);
  EXPECT_EQ(offsets, (std::vector<std::int64_t>{6, 5}));
  ASSERT_TRUE(listed.next);
  query.after = listed.next;
  std::tie(offsets, listed) = page(query);
  EXPECT_EQ(offsets, (std::vector<std::int64_t>{4, 3, 2}));
}

INSTANTIATE_TEST_SUITE_P(SQLite, DeadLetterStoreContract, ::testing::Values(sqlite_backend()), backend_name);
INSTANTIATE_TEST_SUITE_P(PostgreSQL, DeadLetterStoreContract, ::testing::Values(postgresql_backend()), backend_name);

}  // namespace
}  // namespace vigil::storage::testing
