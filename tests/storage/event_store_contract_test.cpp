// The EventStore contract (engine/store/event_store.hpp), run against every
// storage backend: a real SQLite file and a real PostgreSQL database.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "tests/storage/sqlite/alert_seed.hpp"
#include "tests/storage/store_backend.hpp"

namespace vigil::storage::testing {
namespace {

using engine::EventRecord;
using engine::WriteMode;
using engine::WriteOutcome;
using engine::WriteResult;

constexpr engine::TimeMs kDay = 86'400'000;

EventRecord record(std::string index, std::string id, engine::TimeMs ingested, WriteMode mode = WriteMode::kCreate,
                   std::vector<std::string> categories = {"process"}) {
  EventRecord r;
  r.index = std::move(index);
  r.id = std::move(id);
  r.mode = mode;
  r.timestamp = ingested - 1000;
  r.ingested = ingested;
  r.categories = std::move(categories);
  r.dataset = "windows.sysmon_operational";
  r.document = R"({"n":")" + r.id + R"("})";
  return r;
}

class EventStoreContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  std::unique_ptr<StoreBackend> backend = GetParam().make();
  engine::EventStore& store = backend->events();

  std::vector<WriteResult> write(std::vector<EventRecord> batch) { return store.write_batch(batch); }

  std::vector<std::string> scan_ids(const engine::EventQuery& q) {
    std::vector<std::string> ids;
    store.scan(q, [&](const engine::StoredEvent& e) {
      ids.push_back(e.id);
      return true;
    });
    return ids;
  }
  std::uint64_t count(std::vector<std::string> patterns) { return store.count(patterns); }
};

TEST_P(EventStoreContract, CreateRefusesAnExistingIdAndIndexReplacesIt) {
  const auto results = write({record("winlogbeat-8", "a", 1000), record("winlogbeat-8", "a", 2000),
                              record("winlogbeat-8", "a", 3000, WriteMode::kIndex), record("other", "a", 1000),
                              record("winlogbeat-8", "a", 4000)});
  EXPECT_EQ(results, (std::vector<WriteResult>{{WriteOutcome::kCreated, 1},
                                               {WriteOutcome::kConflict, 1},
                                               {WriteOutcome::kUpdated, 2},
                                               {WriteOutcome::kCreated, 1},
                                               {WriteOutcome::kConflict, 2}}));
  const auto stored = store.get("winlogbeat-8", "a");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->ingested, 3000);
  EXPECT_EQ(stored->version, 2u);
  EXPECT_FALSE(store.get("winlogbeat-8", "missing"));
  // The replaced version is no event of its own to GET or _count.
  EXPECT_EQ(count({}), 2u);
  EXPECT_FALSE(store.get("winlogbeat-8", std::string("\0a\0", 3) + std::string(19, '0') + "1"));
}

TEST_P(EventStoreContract, EveryReplacedVersionStaysForRuleScansUnderItsOwnId) {
  write({record("winlogbeat-8", "a", 1000)});
  for (engine::TimeMs at : {2000, 3000})
    EXPECT_EQ(write({record("winlogbeat-8", "a", at, WriteMode::kIndex)}).front().version,
              static_cast<std::uint64_t>(at / 1000));
  engine::EventQuery q;
  q.time_field = engine::TimeField::kIngested;
  q.start = 0;
  q.end = 10000;
  std::vector<std::pair<std::uint64_t, engine::TimeMs>> read;
  store.scan(q, [&](const engine::StoredEvent& e) {
    EXPECT_EQ(e.id, "a");
    read.emplace_back(e.version, e.ingested);
    return true;
  });
  // Version 0 is the current one.
  EXPECT_EQ(read, (std::vector<std::pair<std::uint64_t, engine::TimeMs>>{{1, 1000}, {2, 2000}, {0, 3000}}));
  EXPECT_EQ(store.get("winlogbeat-8", "a")->version, 3u);
  EXPECT_EQ(store.get_version("winlogbeat-8", "a", 1)->ingested, 1000);
  EXPECT_EQ(store.get_version("winlogbeat-8", "a", 0)->ingested, 3000);
  EXPECT_EQ(store.get_version("winlogbeat-8", "a", 3)->ingested, 3000);
  EXPECT_FALSE(store.get_version("winlogbeat-8", "a", 4));
}

TEST_P(EventStoreContract, GetManyReadsEachKeysVersionInOrder) {
  write({record("winlogbeat-8", "a", 1000), record("winlogbeat-8", "b", 1500)});
  write({record("winlogbeat-8", "a", 2000, WriteMode::kIndex)});

  const std::vector<engine::EventStore::EventKey> keys = {
      {"winlogbeat-8", "b", 0}, {"winlogbeat-8", "a", 1}, {"winlogbeat-8", "missing", 0}, {"winlogbeat-8", "a", 0}};
  const auto events = store.get_many(keys);

  ASSERT_EQ(events.size(), 4u);
  ASSERT_TRUE(events[0] && events[1] && events[3]);
  EXPECT_EQ(events[0]->ingested, 1500);
  EXPECT_EQ(events[1]->ingested, 1000);
  EXPECT_EQ(events[1]->version, 1u);
  EXPECT_FALSE(events[2]);
  EXPECT_EQ(events[3]->ingested, 2000);
  EXPECT_EQ(events[3]->version, 2u);
  EXPECT_TRUE(store.get_many({}).empty());
}

TEST_P(EventStoreContract, CountsByIndexPattern) {
  write({record("winlogbeat-8.15", "1", 1), record("winlogbeat-8.16", "2", 1),
         record("logs-system.security-default", "3", 1)});
  EXPECT_EQ(count({"winlogbeat-*"}), 2u);
  EXPECT_EQ(count({}), 3u);
  EXPECT_EQ(count({"winlogbeat-8.15", "logs-system.security*"}), 2u);
}

TEST_P(EventStoreContract, ScanSelectsByWindowIndexAndCategoryInTimeOrder) {
  write({record("winlogbeat-1", "late", 5000), record("winlogbeat-1", "early", 2000),
         record("winlogbeat-1", "edge", 6000), record("winlogbeat-1", "out", 6001),
         record("other-1", "wrong-index", 3000), record("winlogbeat-1", "net", 3000, WriteMode::kCreate, {"network"}),
         record("winlogbeat-1", "processes", 3000, WriteMode::kCreate, {"processx"})});
  engine::EventQuery q;
  q.index_patterns = {"winlogbeat-*"};
  q.time_field = engine::TimeField::kIngested;
  q.start = 2000;
  q.end = 6000;
  q.category = "process";
  EXPECT_EQ(scan_ids(q), (std::vector<std::string>{"early", "late", "edge"}));
  q.time_field = engine::TimeField::kTimestamp;  // @timestamp is ingested - 1 s in these records
  EXPECT_EQ(scan_ids(q), (std::vector<std::string>{"late", "edge", "out"}));
}

TEST_P(EventStoreContract, ScanTimesGivesTheTimestampsOfWhatArrivedInTheWindow) {
  auto backlog = record("winlogbeat-1", "backlog", 5000);
  backlog.timestamp = 100;  // stamped long before it arrived
  auto undated = record("winlogbeat-1", "undated", 5000);
  undated.timestamp.reset();
  write({backlog, undated, record("winlogbeat-1", "on-time", 4000), record("winlogbeat-1", "earlier", 1000),
         record("other-1", "wrong-index", 4000)});
  std::vector<engine::TimeMs> times;
  store.scan_times({.index_patterns = {"winlogbeat-*"},
                    .time_field = engine::TimeField::kIngested,
                    .start = 2000,
                    .end = 6000,
                    .dataset = "windows.sysmon_operational"},
                   [&](engine::TimeMs t) {
                     times.push_back(t);
                     return true;
                   });
  std::sort(times.begin(), times.end());
  EXPECT_EQ(times, (std::vector<engine::TimeMs>{100, 3000}));
}

// Index patterns know only '*': what a SQL pattern language makes special
// ('?', '[' for GLOB; '%', '_' for LIKE) is itself. (Elasticsearch refuses
// '\\' in index names.)
TEST_P(EventStoreContract, PatternMetacharactersInIndexNamesAreLiteral) {
  write({record("a?b", "1", 1), record("a_b", "2", 1), record("a%b", "3", 1), record("a[x]b", "4", 1),
         record("axb", "5", 1)});
  engine::EventQuery q;
  q.time_field = engine::TimeField::kIngested;
  q.end = 10;
  for (const std::string name : {"a?b", "a_b", "a%b", "a[x]b"}) {
    EXPECT_EQ(count({name}), 1u) << name;
    q.index_patterns = {name};
    EXPECT_EQ(scan_ids(q).size(), 1u) << name;
  }
  q.index_patterns = {"a*b"};
  EXPECT_EQ(scan_ids(q).size(), 5u);
}

// _count matches its patterns against the index names, not the rows, with
// Elasticsearch's exclusions.
TEST_P(EventStoreContract, CountSelectsIndicesByPatternWithExclusions) {
  write({record("logs-a", "1", 1), record("logs-a", "2", 1), record("logs-b", "1", 1), record("other", "1", 1)});
  EXPECT_EQ(count({}), 4u);
  EXPECT_EQ(count({"logs-*"}), 3u);
  EXPECT_EQ(count({"logs-*", "-logs-b"}), 2u);
  EXPECT_EQ(count({"*", "-logs-*"}), 1u);
  EXPECT_EQ(count({"logs-a", "other"}), 3u);
  EXPECT_EQ(count({"nothing-*"}), 0u);
}

TEST_P(EventStoreContract, DocumentsAreStoredCompressedAndReadBackAsWritten) {
  const auto r = sysmon_like_event(1);
  write({r});
  EXPECT_EQ(backend->sql_number("SELECT count(*) FROM events WHERE length(doc) < " + std::to_string(r.document.size())),
            1);
  EXPECT_EQ(store.get(r.index, r.id)->document, r.document);
}

TEST_P(EventStoreContract, DataSurvivesReopen) {
  write({record("i", "1", 1)});
  EXPECT_TRUE(backend->reopen_events()->get("i", "1"));
}

// --- arrival days: PostgreSQL's partitions (docs/POSTGRESQL.md) -------------

// An id stays taken across the midnight that starts a new partition.
TEST_P(EventStoreContract, ACreateOfAnIdStoredTheDayBeforeConflicts) {
  EXPECT_EQ(write({record("winlogbeat-1", "a", 20 * kDay - 1)}).front(), (WriteResult{WriteOutcome::kCreated, 1}));
  EXPECT_EQ(write({record("winlogbeat-1", "a", 20 * kDay)}).front(), (WriteResult{WriteOutcome::kConflict, 1}));
  EXPECT_EQ(store.get("winlogbeat-1", "a")->ingested, 20 * kDay - 1);
  EXPECT_EQ(count({}), 1u);
}

// A Kafka consumer that restarts after midnight gets the batch it had not
// committed again: every event of it is already stored, and nothing changes.
TEST_P(EventStoreContract, ARedeliveryAfterMidnightStoresNothingAgain) {
  std::vector<EventRecord> batch;
  for (int n = 0; n < 20; ++n) {
    auto r = record("winlogbeat-1", "k" + std::to_string(n), 30 * kDay - 100 + n);
    r.rule_matches.push_back({"r", engine::TimeField::kIngested});
    batch.push_back(r);
  }
  write(batch);
  const auto matches = backend->sql_number("SELECT count(*) FROM rule_matches");
  for (auto& r : batch) r.ingested += kDay;  // delivered again the next day
  for (const auto& result : store.write_batch(batch)) EXPECT_EQ(result, (WriteResult{WriteOutcome::kConflict, 1}));
  EXPECT_EQ(count({}), 20u);
  EXPECT_EQ(backend->sql_number("SELECT count(*) FROM rule_matches"), matches);
  engine::EventQuery next_day;
  next_day.time_field = engine::TimeField::kIngested;
  next_day.start = 31 * kDay - 100;
  next_day.end = 32 * kDay;
  EXPECT_TRUE(scan_ids(next_day).empty());
}

TEST_P(EventStoreContract, AnIndexWriteReplacesAnIdStoredTheDayBefore) {
  write({record("winlogbeat-1", "a", 40 * kDay - 1)});
  EXPECT_EQ(write({record("winlogbeat-1", "a", 40 * kDay + 1, WriteMode::kIndex)}).front(),
            (WriteResult{WriteOutcome::kUpdated, 2}));
  EXPECT_EQ(store.get("winlogbeat-1", "a")->ingested, 40 * kDay + 1);
  EXPECT_EQ(store.get_version("winlogbeat-1", "a", 1)->ingested, 40 * kDay - 1);
  engine::EventQuery both_days;
  both_days.time_field = engine::TimeField::kIngested;
  both_days.start = 39 * kDay;
  both_days.end = 41 * kDay;
  EXPECT_EQ(scan_ids(both_days), (std::vector<std::string>{"a", "a"}));
  EXPECT_EQ(count({}), 1u);
}

// Batches racing for one id, as two shippers (or two nodes) sending the same
// event: exactly one stores it.
TEST_P(EventStoreContract, ConcurrentCreatesOfOneIdStoreItOnce) {
  constexpr int kWriters = 4;
  constexpr int kIds = 30;
  std::vector<int> created(kIds, 0);
  std::mutex mutex;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::vector<EventRecord> batch;
      for (int n = 0; n < kIds; ++n) batch.push_back(record("winlogbeat-1", std::to_string(n), 1000 + w));
      const auto results = store.write_batch(batch);
      std::lock_guard lock(mutex);
      for (int n = 0; n < kIds; ++n) created[n] += results[n].outcome == WriteOutcome::kCreated ? 1 : 0;
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(created, std::vector<int>(kIds, 1));
  EXPECT_EQ(count({}), static_cast<std::uint64_t>(kIds));
}

INSTANTIATE_TEST_SUITE_P(SQLite, EventStoreContract, ::testing::Values(sqlite_backend()), backend_name);
INSTANTIATE_TEST_SUITE_P(PostgreSQL, EventStoreContract, ::testing::Values(postgresql_backend()), backend_name);

}  // namespace
}  // namespace vigil::storage::testing
