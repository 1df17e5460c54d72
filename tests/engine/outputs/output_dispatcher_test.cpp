// The dispatcher on a real SQLite outbox, with time on a ManualClock: order,
// retries with exponential back-off, dead letters, filters and restarts,
// without sleeping. The sink is a receiver the test switches on and off.
#include "engine/outputs/output_dispatcher.hpp"

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_outbox.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::engine::outputs {
namespace {

constexpr TimeMs kStart = 1'800'000'000'000;

// What reached the receiver, and whether it is up.
struct Receiver {
  bool up = true;
  bool refuse = false;
  int attempts = 0;
  std::vector<TimeMs> attempted_at;
  std::vector<std::string> received;  // idempotency keys, in arrival order
};

class TestSink final : public Sink {
 public:
  TestSink(Receiver& receiver, const Clock& clock) : receiver_(receiver), clock_(clock) {}
  DeliveryResult deliver(const OutboxEntry& entry) override {
    ++receiver_.attempts;
    receiver_.attempted_at.push_back(clock_.now());
    if (receiver_.refuse) return DeliveryResult::refuse("HTTP 400");
    if (!receiver_.up) return DeliveryResult::retry("connection refused");
    receiver_.received.push_back(entry.idempotency_key());
    return DeliveryResult::ok();
  }

 private:
  Receiver& receiver_;
  const Clock& clock_;
};

class OutputDispatcherTest : public ::testing::Test {
 protected:
  std::unique_ptr<OutputDispatcher> dispatcher(DispatcherOptions options = {}) {
    if (options.output.empty()) options.output = "hook";
    options.backoff = {1000, 60000};
    options.jitter_seed = 7;
    return std::make_unique<OutputDispatcher>(outbox_, std::make_unique<TestSink>(receiver_, clock_), clock_,
                                              std::move(options));
  }
  void store(const std::vector<std::string>& ids, const std::string& severity = "high") {
    std::vector<Alert> alerts;
    for (const auto& id : ids) {
      Alert a;
      a.id = id;
      a.rule_id = "r1";
      a.created_at = clock_.now();
      a.severity = severity;
      a.document = {{"id", id}, {"rule", {{"id", "r1"}, {"severity", severity}}}, {"status", "open"}};
      alerts.push_back(std::move(a));
    }
    RunRecord run;
    run.rule_id = "r1";
    runs_.commit_run(run, alerts);
  }

  test::TempDir dir_;
  storage::Database db_{storage::Database::Options{dir_ / "vigil.db"}};
  storage::SqliteOutbox outbox_{db_, {"hook"}};
  storage::SqliteRunStore runs_{db_, storage::OutboxWrites::kOn};
  ManualClock clock_{kStart};
  Receiver receiver_;
};

TEST_F(OutputDispatcherTest, DeliversEveryEntryOnceInOutboxOrder) {
  auto d = dispatcher();
  d->tick();  // the output's first tick: it starts at the end of the outbox
  store({"a1", "a2", "a3"});
  const auto next = d->tick();
  EXPECT_EQ(receiver_.received, (std::vector<std::string>{"a1", "a2", "a3"}));
  EXPECT_EQ(next, kStart + 1000);  // nothing left: look again after a poll interval
  d->tick();
  EXPECT_EQ(receiver_.received.size(), 3u);
  EXPECT_EQ(d->counters().delivered, 3u);
  EXPECT_EQ(outbox_.pending("hook"), 0u);
}

TEST_F(OutputDispatcherTest, RetriesTheHeadEntryWithExponentialBackOffAndHoldsTheRestBack) {
  auto d = dispatcher();
  d->tick();
  store({"a1", "a2"});
  receiver_.up = false;
  std::vector<TimeMs> waits;
  for (int failure = 1; failure <= 8; ++failure) {
    const auto due = d->tick();
    ASSERT_TRUE(due);
    waits.push_back(*due - clock_.now());
    // Ticking before it is due attempts nothing.
    clock_.advance(*due - clock_.now() - 1);
    EXPECT_EQ(d->tick(), due);
    clock_.advance(1);
  }
  EXPECT_EQ(receiver_.attempts, 8);
  // Each wait lies in the upper half of its doubling step, capped at 60 s.
  const TimeMs steps[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
  for (std::size_t i = 0; i < waits.size(); ++i) {
    EXPECT_GE(waits[i], steps[i] / 2) << "after failure " << i + 1;
    EXPECT_LE(waits[i], steps[i]) << "after failure " << i + 1;
  }
  EXPECT_NE(waits[6], waits[7]);  // jitter: two capped waits differ
  EXPECT_EQ(d->counters().failed, 8u);
  EXPECT_EQ(d->oldest_retry_age(), clock_.now() - receiver_.attempted_at.front());

  receiver_.up = true;
  d->tick();
  EXPECT_EQ(receiver_.received, (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(d->oldest_retry_age(), 0);
}

TEST_F(OutputDispatcherTest, AnEntryIsDeadLetteredAfterMaxAttemptsAndTheNextOneGoesOut) {
  DispatcherOptions options;
  options.max_attempts = 3;
  auto d = dispatcher(options);
  d->tick();
  store({"a1"});
  receiver_.up = false;
  clock_.set(*d->tick());
  clock_.set(*d->tick());
  store({"a2"});
  const auto due = d->tick();  // the third failure of a1 dead-letters it; a2 then fails once
  EXPECT_EQ(d->counters().dead_lettered, 1u);
  receiver_.up = true;
  clock_.set(*due);
  d->tick();
  EXPECT_EQ(receiver_.received, (std::vector<std::string>{"a2"}));
  EXPECT_EQ(receiver_.attempts, 5);
}

TEST_F(OutputDispatcherTest, AReceiverRefusingAnEntryDeadLettersItWithoutRetrying) {
  auto d = dispatcher();
  d->tick();
  store({"a1", "a2"});
  receiver_.refuse = true;
  d->tick();
  EXPECT_EQ(receiver_.attempts, 2);
  EXPECT_EQ(d->counters().dead_lettered, 2u);
  EXPECT_EQ(outbox_.pending("hook"), 0u);
}

TEST_F(OutputDispatcherTest, EntriesTheFilterDoesNotSelectAreSkipped) {
  DispatcherOptions options;
  options.filter.min_severity = "high";
  auto d = dispatcher(options);
  d->tick();
  store({"low1"}, "low");
  store({"high1"}, "high");
  store({"low2"}, "low");
  d->tick();
  EXPECT_EQ(receiver_.received, (std::vector<std::string>{"high1"}));
  EXPECT_EQ(d->counters().skipped, 2u);
  EXPECT_EQ(outbox_.pending("hook"), 0u);
}

TEST_F(OutputDispatcherTest, ARestartResumesTheRetryScheduleAndLosesNothing) {
  TimeMs due = 0;
  {
    auto d = dispatcher();
    d->tick();
    store({"a1", "a2"});
    receiver_.up = false;
    clock_.set(*d->tick());
    clock_.set(*d->tick());
    due = *d->tick();  // the third failure
  }
  // A new dispatcher on the same outbox: the failures and their schedule were kept.
  auto d = dispatcher();
  EXPECT_EQ(d->tick(), due);
  EXPECT_EQ(receiver_.attempts, 3);
  receiver_.up = true;
  clock_.set(due);
  d->tick();
  EXPECT_EQ(receiver_.received, (std::vector<std::string>{"a1", "a2"}));
}

}  // namespace
}  // namespace vigil::engine::outputs
