#include "storage/sqlite/stored_documents.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_event_store.hpp"
#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/storage/sqlite/sql_number.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::storage {
namespace {

void write_range(SqliteEventStore& store, int first, int count) {
  std::vector<engine::EventRecord> batch;
  for (int n = first; n < first + count; ++n) batch.push_back(testing::sysmon_like_event(n));
  store.write_batch(batch);
}

TEST(StoredDocuments, TrainedFromTheFirstDocumentsThenRetrainedAndReadByEveryStore) {
  test::TempDir dir;
  Database db{Database::Options{dir / "vigil.db"}};
  StoredDocumentOptions options;
  options.dictionary_samples = 200;
  options.dictionary_bytes = 16 * 1024;
  options.retrain_every = 1000;
  SqliteEventStore store{db, options};
  SqliteEventStore opened_before{db, options};  // as another process would be

  write_range(store, 0, 199);  // plain zstd: one short of the samples
  EXPECT_EQ(testing::sql_number(db, "SELECT count(*) FROM doc_dictionaries"), 0);
  write_range(store, 199, 101);  // completes the samples: trained before compressing
  EXPECT_EQ(testing::sql_number(db, "SELECT count(*) FROM doc_dictionaries"), 1);
  const auto plain =
      testing::sql_number(db, "SELECT avg(length(doc)) FROM events WHERE id IN ('s0', 's1', 's2', 's3', 's4')");
  const auto with_dictionary = testing::sql_number(
      db, "SELECT avg(length(doc)) FROM events WHERE id IN ('s295', 's296', 's297', 's298', 's299')");
  EXPECT_LT(with_dictionary * 2, plain) << "plain " << plain << ", with dictionary " << with_dictionary;

  write_range(store, 300, 1000);  // one sample in every 5: a new dictionary
  EXPECT_EQ(testing::sql_number(db, "SELECT count(*) FROM doc_dictionaries"), 2);

  for (auto* reader : {&store, &opened_before}) {
    for (const int n : {0, 250, 1299}) {
      const auto expected = testing::sysmon_like_event(n);
      EXPECT_EQ(reader->get(expected.index, expected.id)->document, expected.document) << n;
    }
  }
  Database reopened_db{Database::Options{dir / "vigil.db"}};
  SqliteEventStore reopened{reopened_db};
  std::size_t read = 0;
  engine::EventQuery q;
  q.start = 0;
  q.end = 1000000;
  reopened.scan(q, [&](const engine::StoredEvent& e) {
    EXPECT_EQ(e.document, testing::sysmon_like_event(std::stoi(e.id.substr(1))).document);
    ++read;
    return true;
  });
  EXPECT_EQ(read, 1300u);
}

}  // namespace
}  // namespace vigil::storage
