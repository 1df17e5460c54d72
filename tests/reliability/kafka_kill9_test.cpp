// Crash safety of the Kafka input: vigild killed with SIGKILL at random
// moments while it consumes from the mock cluster, a producer feeding the
// topic throughout. After every kill the offsets the group committed are
// at or behind what is stored (every message before a committed offset is
// in the database); at the end every produced event is stored exactly once
// and the database passes integrity_check.
//
// Two sizes. Three kills, each 50-500 ms after the restarted daemon stored
// its first batch: about 20 s, most of it the killed member's session (3 s)
// and the mock coordinator's rebalance delay (3 s) after each restart.
// Issue 31's whole scenario, ten kills and every broker down for 30 s in
// the middle while vigild consumes: about 90 s, which ctest -j2 overlaps
// with the rest of the suite. The ASan run leaves the long one to the plain
// build (scripts/sanitize.sh): the short one takes the same paths.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

#include "inputs/kafka/record_id.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/kafka_mock.hpp"
#include "tests/support/winlogbeat_sysmon.hpp"

namespace vigil::test {
namespace {

using namespace std::chrono_literals;

constexpr int kPartitions = 2;
const std::string kTopic = "winlogbeat";
const std::string kInput = "crashy";

std::string sysmon(int partition, int n) {
  return winlogbeat_sysmon("WS01", "cmd /c echo " + std::to_string(partition) + "-" + std::to_string(n), 300);
}

struct Database {
  explicit Database(const std::filesystem::path& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  }
  ~Database() { sqlite3_close(db); }
  std::string text(const std::string& sql, const std::string& bind = "") const {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    if (!bind.empty()) sqlite3_bind_text(stmt, 1, bind.c_str(), -1, SQLITE_TRANSIENT);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  }
  // How many of the messages before `end` on the partition are stored.
  std::int64_t stored_before(int partition, std::int64_t end) const {
    std::int64_t found = 0;
    for (std::int64_t offset = 0; offset < end; ++offset) {
      const auto id = inputs::kafka::record_id({kInput, 0, kTopic, partition, offset, 0});
      found += text("SELECT count(*) FROM events WHERE idx = 'kafka-kill9' AND id = ?1", id) == "1";
    }
    return found;
  }
  sqlite3* db = nullptr;
};

int stored(Daemon& daemon) { return daemon.client().get("/kafka-kill9/_count").json()["count"].get<int>(); }

// Waits until the daemon stores more than it had, or `within` passes.
void wait_for_a_batch(Daemon& daemon, std::chrono::seconds within) {
  const auto until = std::chrono::steady_clock::now() + within;
  const auto before = stored(daemon);
  while (stored(daemon) == before && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
}

struct Scenario {
  int kills = 3;
  // Before this kill (none when negative), every broker goes down for
  // `outage` while the daemon consumes, and comes back.
  int outage_before_kill = -1;
  std::chrono::seconds outage{0};
};

void kill_while_consuming(const Scenario& scenario) {
  KafkaMock kafka;
  kafka.create_topic(kTopic, kPartitions);
  TempDir dir;
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[retention]\nevents_days = 36500\n[[inputs.kafka]]\nname = \"" << kInput
                        << "\"\nbrokers = " << kafka.brokers_toml() << "\ntopics = [\"" << kTopic
                        << "\"]\nindex = \"kafka-kill9\"\nbatch_wait_ms = 20\nmax_batch_messages = 50\n"
                        << "initial_backoff_ms = 50\nmax_backoff_ms = 500\n[inputs.kafka.librdkafka]\n"
                        // A killed member leaves the group when its session ends;
                        // shorter than the mock's 3 s rebalance delay, no group forms.
                        << "\"session.timeout.ms\" = 3000\n\"heartbeat.interval.ms\" = 500\n"
                        // and a JoinGroup the mock never answers times out soon.
                        << "\"max.poll.interval.ms\" = 3000\n";
  const auto data = dir / "data";

  // The producer waits out the outage (the mock's producer cannot outlive
  // one: set_brokers_down replaces it) and feeds the topic the rest of the
  // time, at most about 30 messages of 500 bytes a second a partition: the
  // long scenario's two and a half minutes stay below the mock's 5 MiB.
  std::atomic<bool> producing{true};
  std::atomic<bool> outage{false};
  std::atomic<bool> producer_idle{false};
  std::array<std::atomic<int>, kPartitions> produced{};
  std::thread producer([&] {
    while (producing) {
      producer_idle = outage.load();
      if (outage) {
        std::this_thread::sleep_for(10ms);
        continue;
      }
      for (int p = 0; p < kPartitions; ++p) {
        kafka.produce(kTopic, {sysmon(p, produced[p])}, p);
        ++produced[p];
      }
      std::this_thread::sleep_for(30ms);
    }
  });

  std::mt19937 random(20261207);
  for (int kill = 0; kill < scenario.kills; ++kill) {
    Daemon daemon({"--config", config.string()}, data);
    // Killed while consuming: after its first batch is stored (the group
    // join takes the mock's rebalance delay), at a different moment each time.
    wait_for_a_batch(daemon, 30s);
    if (kill == scenario.outage_before_kill) {
      outage = true;
      while (!producer_idle) std::this_thread::sleep_for(5ms);
      kafka.set_brokers_down(true);
      std::this_thread::sleep_for(scenario.outage);
      const auto ready = daemon.client().get("/readyz");
      EXPECT_EQ(ready.json()["status"], "degraded") << ready.body;
      kafka.set_brokers_down(false);
      outage = false;
      // Consuming again: the group formed anew once its member's session ended in the outage.
      wait_for_a_batch(daemon, 60s);
      const auto back = stored(daemon);
      wait_for_a_batch(daemon, 30s);
      EXPECT_GT(stored(daemon), back) << "not consuming after the outage:\n" << daemon.log();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 500)(random)));
    daemon.kill_hard();
    const Database db(data / "vigil.db");
    for (int p = 0; p < kPartitions; ++p) {
      const auto committed = kafka.committed("vigil", kTopic, p).value_or(0);
      std::cout << "kill " << kill << ": partition " << p << " committed " << committed << " of " << produced[p].load()
                << " produced\n";
      EXPECT_EQ(db.stored_before(p, committed), committed)
          << "kill " << kill << ", partition " << p << ": committed offset " << committed << " is ahead of the store";
    }
  }
  producing = false;
  producer.join();

  Daemon daemon({"--config", config.string()}, data);
  const auto total = produced[0] + produced[1];
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (daemon.client().get("/kafka-kill9/_count").json()["count"] != total &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(50ms);
  EXPECT_EQ(daemon.client().get("/kafka-kill9/_count").json()["count"], total) << daemon.log();
  EXPECT_EQ(daemon.stop(), 0);
  const Database db(data / "vigil.db");
  EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(db.text("SELECT count(*) FROM events WHERE idx = 'kafka-kill9'"), std::to_string(total));
  for (int p = 0; p < kPartitions; ++p) {
    EXPECT_EQ(db.stored_before(p, produced[p]), produced[p]) << "partition " << p;
    EXPECT_EQ(kafka.committed("vigil", kTopic, p), produced[p]) << "partition " << p;
  }
  std::cout << total << " events produced over " << scenario.kills << " kills, each stored once\n";
}

TEST(KafkaKill9, CommittedOffsetsNeverPassTheStoreAndEveryEventIsStoredOnce) { kill_while_consuming({}); }

TEST(KafkaKill9, TenKillsAndA30SecondBrokerOutageStoreEveryEventOnce) {
  kill_while_consuming({.kills = 10, .outage_before_kill = 5, .outage = 30s});
}

}  // namespace
}  // namespace vigil::test
