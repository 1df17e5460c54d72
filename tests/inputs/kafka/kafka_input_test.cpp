// The Kafka input against librdkafka's mock cluster (real TCP, real
// consumer group) over a real SQLite database and the real ingest
// pipeline: each record stored once, offsets committed only after the
// store, malformed messages set aside, broker outages survived, partitions
// paused while the writer is saturated.
#include "inputs/kafka/kafka_input.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <iostream>
#include <thread>

#include "engine/detect/ingest_matching.hpp"
#include "engine/schedule/clock.hpp"
#include "inputs/kafka/record_id.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_dead_letter_store.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "tests/engine/detect/detect_test_support.hpp"
#include "tests/support/kafka_mock.hpp"
#include "tests/support/recent_time.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::inputs::kafka {
namespace {

using namespace std::chrono_literals;

std::string sysmon(int n) {
  return R"({"@timestamp":")" + test::recent_rfc3339() +
         R"(","host":{"name":"ws1"},"winlog":{"channel":"Microsoft-Windows-Sysmon/Operational","event_id":"1",)"
         R"("event_data":{"Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd /c echo )" +
         std::to_string(n) + R"("}}})";
}

std::string envelope(int records) {
  std::string out = R"({"records":[)";
  for (int i = 0; i < records; ++i)
    out += std::string(i ? "," : "") + R"({"time":")" + test::recent_rfc3339() +
           R"(","category":"AdvancedHunting-DeviceProcessEvents","properties":{"Timestamp":")" +
           test::recent_rfc3339() +
           R"(","DeviceName":"ws2","ActionType":"ProcessCreated","FileName":"cmd.exe",)"
           R"("ProcessCommandLine":"cmd /c echo )" +
           std::to_string(i) + R"("}})";
  return out + "]}";
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds within = 15s) {
  const auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

class KafkaInputTest : public ::testing::Test {
 protected:
  void SetUp() override { kafka.create_topic("winlogbeat", 2); }

  config::KafkaInputOptions options(std::string group = "vigil") const {
    config::KafkaInputOptions o;
    o.name = "beats";
    o.brokers = {kafka.bootstrap()};
    o.topics = {"winlogbeat"};
    o.group_id = std::move(group);
    o.batch_wait_ms = 20;
    o.initial_backoff_ms = 20;
    o.max_backoff_ms = 200;
    // The mock coordinator now and then never answers a JoinGroup, and
    // completes a rebalance only when its timeout runs out: both short.
    o.librdkafka = {{"max.poll.interval.ms", "3000"}, {"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
    return o;
  }

  std::uint64_t stored() { return events.count({}); }

  test::TempDir dir;
  storage::Database db{storage::Database::Options{dir / "v.db"}};
  storage::SqliteEventStore events{db};
  storage::SqliteDeadLetterStore dead_letters{db};
  engine::SystemClock clock;
  engine::ingest::IngestPipeline pipeline{events, clock, 8};
  test::KafkaMock kafka;
};

TEST_F(KafkaInputTest, StoresEveryRecordSetsAsideWhatIsNoEventAndCommitsAfterTheStore) {
  KafkaInput input(options(), pipeline, dead_letters, clock);
  input.start();
  // Partition 0: two events, a malformed message between them, then an
  // envelope of three records: 5 events, offsets 0..3.
  kafka.produce("winlogbeat", {sysmon(1), "{\"winlog\": tru", sysmon(2), envelope(3)}, 0);
  kafka.produce("winlogbeat", {sysmon(3)}, 1);
  ASSERT_TRUE(eventually([&] { return stored() == 6 && input.counters().messages == 5; })) << stored();
  EXPECT_EQ(input.counters().records, 6u);
  EXPECT_EQ(input.counters().dead_letters, 1u);
  EXPECT_GT(input.counters().bytes, 0u);
  const auto letters = dead_letters.list("beats", 10);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].offset, 1);
  EXPECT_EQ(letters[0].partition, 0);
  EXPECT_EQ(letters[0].payload, "{\"winlog\": tru");
  EXPECT_EQ(letters[0].error, "the message is not valid JSON");
  EXPECT_EQ(input.degraded(), "");
  input.stop();
  // The last stored offset + 1, never ahead of the store.
  EXPECT_EQ(kafka.committed("vigil", "winlogbeat", 0), 4);
  EXPECT_EQ(kafka.committed("vigil", "winlogbeat", 1), 1);
}

TEST_F(KafkaInputTest, ARedeliveredEnvelopeIsStoredOnce) {
  kafka.produce("winlogbeat", {envelope(4), sysmon(1)}, 0);
  {
    KafkaInput first(options("first"), pipeline, dead_letters, clock);
    first.start();
    ASSERT_TRUE(eventually([&] { return stored() == 5; }));
  }
  // A group with no committed offset gets every message again: the
  // position-derived ids make each a duplicate.
  KafkaInput again(options("second"), pipeline, dead_letters, clock);
  again.start();
  ASSERT_TRUE(eventually([&] { return again.counters().messages == 2; }));
  EXPECT_EQ(again.counters().duplicates, 5u);
  EXPECT_EQ(again.counters().records, 0u);
  EXPECT_EQ(stored(), 5u);
}

TEST_F(KafkaInputTest, ABrokerOutageDegradesTheInputUntilTheBrokersAreBack) {
  KafkaInput input(options(), pipeline, dead_letters, clock);
  input.start();
  kafka.produce("winlogbeat", {sysmon(1), sysmon(2)});
  ASSERT_TRUE(eventually([&] { return stored() == 2; }));
  kafka.set_brokers_down(true);
  ASSERT_TRUE(eventually([&] { return !input.degraded().empty(); })) << "no broker error reported";
  std::this_thread::sleep_for(500ms);  // the outage, with the input retrying
  kafka.set_brokers_down(false);
  kafka.produce("winlogbeat", {sysmon(3), sysmon(4)});
  ASSERT_TRUE(eventually([&] { return stored() == 4; }, 30s)) << stored();
  EXPECT_TRUE(eventually([&] { return input.degraded().empty(); })) << input.degraded();
}

TEST_F(KafkaInputTest, AConsumerJoiningTheGroupTakesOverFromWhatWasCommitted) {
  const auto produce_round = [&](int round) {
    for (int p = 0; p < 2; ++p) {
      std::vector<std::string> batch;
      for (int n = 0; n < 10; ++n) batch.push_back(sysmon(round * 100 + p * 10 + n));
      kafka.produce("winlogbeat", batch, p);
    }
  };
  const auto o = options();
  KafkaInput first(o, pipeline, dead_letters, clock);
  first.start();
  produce_round(0);
  ASSERT_TRUE(eventually([&] { return stored() == 20; }));
  // The rebalance revokes the first consumer's partitions: it hands over
  // only what it stored and committed, so nothing is delivered twice.
  KafkaInput second(o, pipeline, dead_letters, clock);
  second.start();
  int rounds = 1;
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (second.counters().messages == 0 && std::chrono::steady_clock::now() < until) {
    produce_round(rounds++);
    std::this_thread::sleep_for(300ms);
  }
  ASSERT_GT(second.counters().messages, 0u) << "the second consumer never got a partition";
  const std::uint64_t produced = rounds * 20;
  ASSERT_TRUE(eventually([&] { return stored() == produced; })) << stored() << " of " << produced;
  EXPECT_EQ(first.counters().duplicates + second.counters().duplicates, 0u);
  EXPECT_EQ(first.counters().records + second.counters().records, produced);
}

TEST_F(KafkaInputTest, APatternSubscriptionPicksUpATopicCreatedAfterStart) {
  auto o = options();
  o.topics = {"^wlb-.*"};
  o.librdkafka["topic.metadata.refresh.interval.ms"] = "200";
  KafkaInput input(o, pipeline, dead_letters, clock);
  input.start();
  kafka.create_topic("wlb-late", 1);
  kafka.produce("wlb-late", {sysmon(1)});
  ASSERT_TRUE(eventually([&] { return stored() == 1; }, 30s));
}

TEST_F(KafkaInputTest, ASaturatedWriterPausesThePartitionsUntilItCatchesUp) {
  engine::ingest::IngestPipeline narrow(events, clock, 1);
  KafkaInput input(options(), narrow, dead_letters, clock);
  // Another batch holds the only place in the pipeline: it waits for the
  // writer connection, which this test holds.
  std::promise<void> release;
  std::promise<void> holding;
  std::thread writer([&] {
    db.write([&](storage::Connection&) {
      holding.set_value();
      release.get_future().wait();
    });
  });
  holding.get_future().wait();
  std::thread other([&] {
    std::vector<engine::ingest::IncomingEvent> one;
    one.push_back({nlohmann::json::parse(sysmon(0)), "", "http-1", engine::WriteMode::kCreate});
    narrow.ingest(std::move(one), engine::SourceHint::kAuto);
  });
  ASSERT_TRUE(eventually([&] { return narrow.pending() == 1; }));
  input.start();
  kafka.produce("winlogbeat", {sysmon(1), sysmon(2), sysmon(3)});
  ASSERT_TRUE(eventually([&] { return input.counters().paused_ms > 0; })) << "never paused";
  EXPECT_EQ(input.counters().messages, 0u);
  release.set_value();
  writer.join();
  other.join();
  ASSERT_TRUE(eventually([&] { return stored() == 4; })) << stored();
  // The consumer counts a batch once the pipeline has returned it stored, a moment after the rows show.
  EXPECT_TRUE(eventually([&] { return input.counters().records == 3u; })) << input.counters().records;
}

TEST_F(KafkaInputTest, CommitsFollowTheStoreInOrderWhileWorkersPrepareTheNextBatches) {
  kafka.create_topic("ordered", 1);
  auto o = options();
  o.topics = {"ordered"};
  o.decode_threads = 4;
  o.max_batch_messages = 2;  // many small batches: one stored while the next prepare
  KafkaInput input(o, pipeline, dead_letters, clock);
  input.start();
  // The group joins first (the mock takes seconds to): the commits are
  // watched while the messages are consumed, not before.
  kafka.produce("ordered", {sysmon(0)}, 0);
  ASSERT_TRUE(eventually([&] { return input.counters().messages == 1; }));
  constexpr int kProduced = 2001;
  for (int first = 1; first < kProduced; first += 500) {
    std::vector<std::string> payloads;
    for (int n = first; n < first + 500; ++n) payloads.push_back(sysmon(n));
    kafka.produce("ordered", payloads, 0);
  }
  // One record a message from offset 0: a commit of offset c says messages
  // 0 .. c-1 are stored, so the store holds c events at least. The commit
  // is read first, the store after, and the store only grows.
  int looks = 0;
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (input.counters().messages < kProduced && std::chrono::steady_clock::now() < until) {
    const auto committed = kafka.committed("vigil", "ordered", 0);
    const auto held = stored();
    if (committed) EXPECT_LE(static_cast<std::uint64_t>(*committed), held) << "a commit ran ahead of the store";
    ++looks;
  }
  ASSERT_EQ(input.counters().messages, static_cast<std::uint64_t>(kProduced));
  input.stop();
  EXPECT_EQ(stored(), static_cast<std::uint64_t>(kProduced));
  EXPECT_EQ(input.counters().duplicates, 0u);
  EXPECT_EQ(kafka.committed("vigil", "ordered", 0), kProduced);
  std::cout << "[ LOOKS    ] " << looks << " commits read while consuming\n";
}

TEST_F(KafkaInputTest, ADeadLetterInABatchSplitOverWorkersKeepsItsNeighbours) {
  auto o = options();
  o.index = "winlogbeat-kafka";
  o.decode_threads = 3;
  o.batch_wait_ms = 1000;  // the messages arrive together: one batch, in slices on the three workers
  KafkaInput input(o, pipeline, dead_letters, clock);
  input.start();
  std::vector<std::string> payloads;
  for (int n = 0; n < 31; ++n) payloads.push_back(n == 15 ? "{\"winlog\": [" : sysmon(n));
  kafka.produce("winlogbeat", payloads, 0);
  ASSERT_TRUE(eventually([&] { return input.counters().messages == 31; })) << input.counters().messages;
  EXPECT_EQ(stored(), 30u);
  EXPECT_EQ(input.counters().records, 30u);
  const auto letters = dead_letters.list("beats", 10);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].offset, 15);
  for (const std::int64_t neighbour : {14, 16})
    EXPECT_TRUE(events.get("winlogbeat-kafka", record_id({"beats", 0, "winlogbeat", 0, neighbour, 0})))
        << "offset " << neighbour;
  input.stop();
  EXPECT_EQ(kafka.committed("vigil", "winlogbeat", 0), 31);
}

TEST_F(KafkaInputTest, ABatchPreparedBeforeARuleReloadIsMatchedAgainWithTheNewRules) {
  // A database that gives up on a locked writer quickly, so the input
  // retries (and holds no batch in the pipeline) while another connection
  // holds the write lock.
  storage::Database quick{storage::Database::Options{dir / "v.db", "normal", 50}};
  storage::SqliteEventStore store{quick};
  engine::ingest::IngestPipeline reloading{store, clock, 8};  // no rules yet
  auto o = options();
  o.index = "winlogbeat-kafka";
  KafkaInput input(o, reloading, dead_letters, clock);
  storage::Connection blocker(dir / "v.db", {});
  blocker.exec("BEGIN IMMEDIATE");
  input.start();
  std::string powershell = sysmon(1);
  powershell.replace(powershell.find("cmd.exe"), 7, "powershell.exe");
  kafka.produce("winlogbeat", {powershell}, 0);
  // Prepared with no rules, its store refused by the locked database.
  ASSERT_TRUE(eventually([&] { return !input.degraded().empty(); })) << "the store never failed";

  const auto rules = engine::detect::testing::rule_set({engine::detect::testing::powershell_rule("ps")});
  const engine::detect::IngestMatcher matcher(rules);
  // The lock goes while the reload holds the pipeline: no store gets in
  // between, and the reload's own write gets through.
  reloading.replace_matcher(&matcher, [&] {
    blocker.exec("COMMIT");
    engine::detect::begin_ingest_matching(store.rule_matches(), matcher.versions());
  });
  ASSERT_TRUE(eventually([&] { return input.counters().records == 1; })) << input.degraded();

  // Stored with the matches of the rules loaded since it was prepared.
  std::vector<std::string> matched;
  store.scan_rule_candidates(
      "ps", engine::EventQuery{{"winlogbeat-*"}, engine::TimeField::kTimestamp, 0, clock.now() + 60'000},
      [&](const engine::StoredEvent& e) {
        matched.push_back(e.id);
        return true;
      });
  EXPECT_EQ(matched, std::vector<std::string>{record_id({"beats", 0, "winlogbeat", 0, 0, 0})});
}

}  // namespace
}  // namespace vigil::inputs::kafka
