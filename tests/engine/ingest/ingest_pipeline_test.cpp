#include "engine/ingest/ingest_pipeline.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <thread>

#include "engine/detect/ingest_matching.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::ingest {
namespace {

using detect::testing::process_doc;

// Everything the pipeline reported, in order.
class RecordingObserver final : public IngestObserver {
 public:
  void stored(TimeMs, std::span<const WrittenEvent> batch) override { add("stored " + std::to_string(batch.size())); }
  void unrecognised(std::size_t count, const std::string& last_index, std::uint64_t total) override {
    add("unrecognised " + std::to_string(count) + " " + last_index + " " + std::to_string(total));
  }
  void saturated(TimeMs) override { add("saturated"); }
  void store_failed(TimeMs, StoreErrorKind kind) override { add("store_failed " + std::string(store_error_name(kind))); }

  std::vector<std::string> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  void add(std::string call) {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(call));
  }
  std::mutex mutex_;
  std::vector<std::string> calls_;
};

class IngestPipelineTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "vigil.db"}};
  storage::SqliteEventStore store{db};
  ManualClock clock{1'700'000'000'000};
  RecordingObserver observer;
};

std::vector<IncomingEvent> events(std::vector<nlohmann::json> raws, std::string id = "") {
  std::vector<IncomingEvent> batch;
  for (auto& raw : raws) batch.push_back({std::move(raw), "winlogbeat-1", id, WriteMode::kCreate});
  return batch;
}

TEST_F(IngestPipelineTest, StoresTheBatchWithGeneratedIdsAndReportsIt) {
  IngestPipeline pipeline(store, clock, 4, {&observer});
  const auto result =
      pipeline.ingest(events({process_doc(clock.now()), nlohmann::json{{"n", 1}}}), SourceHint::kAuto);
  ASSERT_FALSE(result.saturated);
  ASSERT_EQ(result.items.size(), 2u);
  EXPECT_EQ(to_string(result.items[0].shape), "ecs");
  EXPECT_EQ(to_string(result.items[1].shape), "unknown");
  EXPECT_EQ(result.items[0].id.size(), 20u);
  EXPECT_NE(result.items[0].id, result.items[1].id);
  EXPECT_EQ(store.count({}), 2u);
  EXPECT_EQ(pipeline.unrecognised_total(), 1u);
  EXPECT_EQ(observer.calls(), (std::vector<std::string>{"unrecognised 1 winlogbeat-1 1", "stored 2"}));
}

TEST_F(IngestPipelineTest, ABatchOverTheLimitIsRefusedAsSaturatedWithNothingStored) {
  IngestPipeline pipeline(store, clock, 1, {&observer});
  std::future<IngestResult> waiting;
  db.write([&](storage::Connection&) {
    // Holding the writer connection: this batch waits for it, the next is one too many.
    waiting = std::async(std::launch::async, [&] { return pipeline.ingest(events({process_doc(1)}, "a"), SourceHint::kAuto); });
    while (pipeline.pending() == 0) std::this_thread::yield();
    const auto refused = pipeline.ingest(events({process_doc(1)}, "b"), SourceHint::kAuto);
    EXPECT_TRUE(refused.saturated);
    EXPECT_NE(refused.refusal.find("retry"), std::string::npos) << refused.refusal;
    EXPECT_TRUE(refused.items.empty());
    return 0;
  });
  EXPECT_FALSE(waiting.get().saturated);
  EXPECT_EQ(pipeline.pending(), 0u);
  EXPECT_EQ(store.count({}), 1u);
  EXPECT_EQ(observer.calls(), (std::vector<std::string>{"saturated", "stored 1"}));
}

TEST_F(IngestPipelineTest, RuleMatchesAreStoredWithTheirEvents) {
  const auto rules = detect::testing::rule_set({detect::testing::powershell_rule("ps")});
  const detect::IngestMatcher matcher(rules);
  engine::detect::begin_ingest_matching(store.rule_matches(), matcher.versions());
  IngestPipeline pipeline(store, clock, 4, {&observer}, &matcher);
  pipeline.ingest(events({process_doc(clock.now()), process_doc(clock.now(), "cmd.exe")}), SourceHint::kAuto);

  // Matching began on an empty store: the run's candidates are the recorded matches alone.
  std::vector<std::string> matched;
  store.scan_rule_candidates("ps", EventQuery{{"winlogbeat-*"}, TimeField::kTimestamp, 0, clock.now()},
                             [&](const StoredEvent& e) {
                               matched.push_back(nlohmann::json::parse(e.document)["process"]["name"]);
                               return true;
                             });
  EXPECT_EQ(matched, std::vector<std::string>{"powershell.exe"});
}

TEST_F(IngestPipelineTest, APreparedBatchIsStoredLaterAsIngestWouldStoreIt) {
  IngestPipeline pipeline(store, clock, 4, {&observer});
  const auto batch = pipeline.prepare(events({process_doc(clock.now()), nlohmann::json{{"n", 1}}}), SourceHint::kAuto);
  ASSERT_EQ(batch.records.size(), 2u);
  // Preparing neither stores nor holds one of the pending places.
  EXPECT_EQ(store.count({}), 0u);
  EXPECT_EQ(pipeline.pending(), 0u);
  EXPECT_TRUE(observer.calls().empty());

  const auto result = pipeline.store(batch);
  ASSERT_FALSE(result.saturated);
  ASSERT_FALSE(result.stale);
  ASSERT_EQ(result.items.size(), 2u);
  EXPECT_EQ(result.items[0].id, batch.records[0].id);
  EXPECT_EQ(result.items[0].outcome, WriteOutcome::kCreated);
  EXPECT_EQ(store.count({}), 2u);
  EXPECT_EQ(observer.calls(), (std::vector<std::string>{"unrecognised 1 winlogbeat-1 1", "stored 2"}));
  // Offered again, the same records are refused as duplicates.
  const auto again = pipeline.store(batch);
  EXPECT_EQ(again.items[0].outcome, WriteOutcome::kConflict);
  EXPECT_EQ(store.count({}), 2u);
}

TEST_F(IngestPipelineTest, ABatchPreparedBeforeARuleReloadIsRefusedAsStaleAndStoredOncePreparedAgain) {
  const auto rules = detect::testing::rule_set({detect::testing::powershell_rule("ps")});
  const detect::IngestMatcher old_rules(rules);
  const detect::IngestMatcher new_rules(rules);
  engine::detect::begin_ingest_matching(store.rule_matches(), old_rules.versions());
  IngestPipeline pipeline(store, clock, 4, {&observer}, &old_rules);
  const auto stale = pipeline.prepare(events({process_doc(clock.now())}, "e1"), SourceHint::kAuto);
  pipeline.replace_matcher(&new_rules,
                           [&] { engine::detect::begin_ingest_matching(store.rule_matches(), new_rules.versions()); });

  const auto refused = pipeline.store(stale);
  EXPECT_TRUE(refused.stale);
  EXPECT_FALSE(refused.saturated);
  EXPECT_NE(refused.refusal.find("reloaded"), std::string::npos) << refused.refusal;
  EXPECT_EQ(store.count({}), 0u);
  EXPECT_EQ(pipeline.pending(), 0u);

  const auto fresh = pipeline.prepare(events({process_doc(clock.now())}, "e1"), SourceHint::kAuto);
  const auto result = pipeline.store(fresh);
  EXPECT_FALSE(result.stale);
  EXPECT_EQ(store.count({}), 1u);
}

}  // namespace
}  // namespace vigil::engine::ingest
