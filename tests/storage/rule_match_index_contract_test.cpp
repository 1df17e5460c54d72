// The RuleMatchIndex contract (engine/store/rule_match_index.hpp): what a
// rule run reads of the matches recorded at ingest, on every storage
// backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "engine/detect/ingest_matching.hpp"
#include "tests/storage/store_backend.hpp"

namespace vigil::storage::testing {
namespace {

using engine::EventRecord;
using engine::WriteMode;

class RuleMatchIndexContract : public ::testing::TestWithParam<BackendFactory> {
 protected:
  std::unique_ptr<StoreBackend> backend = GetParam().make();
  engine::EventStore& store = backend->events();

  // Records for the rule "r" matched at ingest (windowed on @timestamp, ingested - 1 s).
  static EventRecord unmatched(std::string id, engine::TimeMs ingested) {
    EventRecord r;
    r.index = "winlogbeat-1";
    r.id = std::move(id);
    r.timestamp = ingested - 1000;
    r.ingested = ingested;
    r.categories = {"process"};
    r.dataset = "windows.sysmon_operational";
    r.document = R"({"n":")" + r.id + R"("})";
    return r;
  }
  static EventRecord matched(std::string id, engine::TimeMs ingested, std::string rule = "r") {
    auto r = unmatched(std::move(id), ingested);
    r.rule_matches.push_back({std::move(rule), engine::TimeField::kTimestamp});
    return r;
  }

  void write(std::vector<EventRecord> batch) { store.write_batch(batch); }

  std::vector<std::string> begin(std::vector<engine::IngestRuleVersion> versions) {
    return engine::detect::begin_ingest_matching(store.rule_matches(), versions);
  }

  // Candidate ids for rule "r" in @timestamp window [start, end], sorted.
  std::vector<std::string> candidates(engine::TimeMs start, engine::TimeMs end, std::string rule = "r") {
    engine::EventQuery q;
    q.index_patterns = {"winlogbeat-*"};
    q.start = start;
    q.end = end;
    std::vector<std::string> ids;
    store.rule_matches().scan_rule_candidates(rule, q, [&](const engine::StoredEvent& e) {
      ids.push_back(e.id);
      return true;
    });
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::int64_t match_rows() { return backend->sql_number("SELECT count(*) FROM rule_matches"); }
};

TEST_P(RuleMatchIndexContract, UntilMatchingBeginsEveryEventInTheWindowIsACandidate) {
  write({unmatched("a", 2000), matched("b", 3000), unmatched("late", 9000)});
  EXPECT_EQ(candidates(0, 5000), (std::vector<std::string>{"a", "b"}));
}

TEST_P(RuleMatchIndexContract, AfterBeginOnlyMatchesAndEventsStoredBeforeAreCandidates) {
  write({unmatched("old", 2000)});
  EXPECT_EQ(begin({{"r", "v1"}}), (std::vector<std::string>{"r"}));
  // A writer that did not match "r" would be wrong after begin; it shows
  // that candidates come from the matches, not from the window.
  write({matched("new-match", 3000), unmatched("new-other", 3000), matched("other-rule", 3000, "q")});
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"new-match", "old"}));
  EXPECT_EQ(candidates(0, 2000), (std::vector<std::string>{"new-match", "old"}));  // ts = ingested - 1 s
  EXPECT_EQ(candidates(1500, 10000), (std::vector<std::string>{"new-match"}));     // past "old"
}

TEST_P(RuleMatchIndexContract, AnUnchangedVersionKeepsItsMatchesAndAChangedOneStartsAfresh) {
  EXPECT_EQ(begin({{"r", "v1"}, {"s", "v1"}}), (std::vector<std::string>{"r", "s"}));
  write({matched("m", 3000), unmatched("u", 3000)});
  EXPECT_TRUE(begin({{"r", "v1"}, {"s", "v1"}}).empty());  // a restart with the same rules
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"m"}));

  EXPECT_EQ(begin({{"r", "v2"}, {"s", "v1"}}), (std::vector<std::string>{"r"}));
  // Everything stored before v2 is unmatched for it, so the run scans it.
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"m", "u"}));
  EXPECT_EQ(match_rows(), 0);  // v1's match is gone
  write({matched("m2", 20000), unmatched("u2", 20000)});
  EXPECT_EQ(candidates(0, 30000), (std::vector<std::string>{"m", "m2", "u"}));
  EXPECT_EQ(candidates(5000, 30000), (std::vector<std::string>{"m2"}));  // past what was stored before v2
}

TEST_P(RuleMatchIndexContract, ARuleNoLongerMatchedIsScannedAgainAndItsMatchesDropped) {
  begin({{"r", "v1"}});
  write({matched("m", 3000), unmatched("u", 3000)});
  EXPECT_TRUE(begin({}).empty());
  EXPECT_EQ(match_rows(), 0);
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"m", "u"}));
}

TEST_P(RuleMatchIndexContract, AReplacedEventKeepsItsMatches) {
  begin({{"r", "v1"}});
  write({matched("a", 3000), matched("b", 3000)});
  auto replaced = unmatched("a", 4000);
  replaced.mode = WriteMode::kIndex;
  replaced.document = R"({"n":"a, corrected"})";
  write({replaced});  // the new a no longer matches, the one replaced still does
  EXPECT_EQ(candidates(0, 10000), (std::vector<std::string>{"a", "b"}));
  std::string document;
  engine::EventQuery q;
  q.index_patterns = {"winlogbeat-*"};
  q.end = 10000;
  store.rule_matches().scan_rule_candidates("r", q, [&](const engine::StoredEvent& e) {
    if (e.id == "a") document = e.document;
    return true;
  });
  EXPECT_EQ(document, R"({"n":"a"})");
  EXPECT_EQ(store.get("winlogbeat-1", "a")->ingested, 4000);
  EXPECT_EQ(match_rows(), 2);
}

TEST_P(RuleMatchIndexContract, AnEventWithoutTimestampIsInNoTimestampWindow) {
  begin({{"r", "v1"}});
  auto r = matched("no-ts", 3000);
  r.timestamp.reset();
  write({r});
  EXPECT_EQ(match_rows(), 0);
}

TEST_P(RuleMatchIndexContract, ValueMatchesAreReadAsTheirValuesAndEarlierEventsAsDocuments) {
  write({unmatched("old", 2000)});
  begin({{"r", "v1"}});
  const std::string values{'\x03', 'a', 'b', '\0'};  // binary: a NUL inside
  auto with_values = matched("new", 4000);
  with_values.rule_matches[0].values = values;
  write({with_values, unmatched("other", 4000)});

  engine::EventQuery q;
  q.start = 0;
  q.end = 10000;
  std::vector<std::string> read;
  store.rule_matches().scan_rule_values("r", q, [&](const engine::StoredEvent& e) {
    read.push_back(e.values ? "values " + *e.values + " at " + std::to_string(*e.timestamp) : "document " + e.id);
    return true;
  });
  EXPECT_EQ(read, (std::vector<std::string>{"values " + values + " at 3000", "document old"}));
  EXPECT_EQ(backend->sql_number("SELECT count(*) FROM rule_matches WHERE vals IS NULL"), 0);
}

// A scan its visitor stops reads no further, and the store serves the next
// call as before (PostgreSQL: the streaming connection is replaced).
TEST_P(RuleMatchIndexContract, AScanStoppedEarlyLeavesTheStoreWorking) {
  std::vector<EventRecord> batch;
  for (int n = 0; n < 50; ++n) batch.push_back(matched("e" + std::to_string(n), 3000 + n));
  begin({{"r", "v1"}});
  write(batch);
  for (int round = 0; round < 3; ++round) {
    int seen = 0;
    engine::EventQuery q;
    q.end = 100000;
    store.rule_matches().scan_rule_candidates("r", q, [&](const engine::StoredEvent&) { return ++seen < 5; });
    EXPECT_EQ(seen, 5);
  }
  EXPECT_EQ(candidates(0, 100000).size(), 50u);
}

// A rule run reads beside ingest, and the first batch of a day makes the
// day's storage (PostgreSQL: a partition of events and of rule_matches):
// neither side fails for meeting the other. On PostgreSQL, partitions made
// in one transaction held `events` while waiting for `rule_matches`, and a
// scan, which locks them the other way round, deadlocked with it.
TEST_P(RuleMatchIndexContract, ScansBesideBatchesOpeningNewDaysNeverFail) {
  constexpr engine::TimeMs kDay = 86'400'000;
  constexpr int kDays = 20;
  begin({{"r", "v1"}});
  std::atomic<bool> writing = true;
  std::thread writer([&] {
    for (int day = 1; day <= kDays; ++day)
      EXPECT_NO_THROW(write({matched("d" + std::to_string(day), day * kDay)})) << "day " << day;
    writing = false;
  });
  int scans = 0;
  do {
    EXPECT_NO_THROW(candidates(0, (kDays + 1) * kDay)) << "scan " << scans;
    ++scans;
  } while (writing);
  writer.join();
  EXPECT_EQ(candidates(0, (kDays + 1) * kDay).size(), static_cast<std::size_t>(kDays));
}

INSTANTIATE_TEST_SUITE_P(SQLite, RuleMatchIndexContract, ::testing::Values(sqlite_backend()), backend_name);
INSTANTIATE_TEST_SUITE_P(PostgreSQL, RuleMatchIndexContract, ::testing::Values(postgresql_backend()), backend_name);

}  // namespace
}  // namespace vigil::storage::testing
