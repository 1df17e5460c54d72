// Crash safety of the Kafka input: vigild killed with SIGKILL at random
// moments while it consumes from the mock cluster, a producer feeding the
// topic throughout. After every kill the offsets the group committed are
// at or behind what is stored (every message before a committed offset is
// in the database); at the end every produced event is stored exactly once
// and the database passes integrity_check.
//
// Sized for the CI budget: three kills, each 50-500 ms after the restarted
// daemon stored its first batch; about 20 s in all, most of it the killed
// member's session (3 s) and the mock coordinator's rebalance delay (3 s)
// after each restart.
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
#include "tests/support/recent_time.hpp"

namespace vigil::test {
namespace {

using namespace std::chrono_literals;

constexpr int kKills = 3;
constexpr int kPartitions = 2;
const std::string kTopic = "winlogbeat";
const std::string kInput = "crashy";

std::string sysmon(int partition, int n) {
  return nlohmann::json{{"@timestamp", recent_rfc3339()},
                        {"host", {{"name", "WS01"}}},
                        {"winlog",
                         {{"channel", "Microsoft-Windows-Sysmon/Operational"},
                          {"event_id", "1"},
                          {"event_data",
                           {{"Image", "C:\\Windows\\System32\\cmd.exe"},
                            {"CommandLine", "cmd /c echo " + std::to_string(partition) + "-" + std::to_string(n)},
                            {"Padding", std::string(300, 'p')}}}}}}
      .dump();
}

std::string brokers_array(const std::string& bootstrap) {
  std::string out = "[\"";
  for (const char c : bootstrap) out += c == ',' ? std::string("\", \"") : std::string(1, c);
  return out + "\"]";
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

TEST(KafkaKill9, CommittedOffsetsNeverPassTheStoreAndEveryEventIsStoredOnce) {
  KafkaMock kafka;
  kafka.create_topic(kTopic, kPartitions);
  TempDir dir;
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[retention]\nevents_days = 36500\n[[inputs.kafka]]\nname = \"" << kInput
                        << "\"\nbrokers = " << brokers_array(kafka.bootstrap()) << "\ntopics = [\"" << kTopic
                        << "\"]\nindex = \"kafka-kill9\"\nbatch_wait_ms = 20\nmax_batch_messages = 50\n"
                        << "initial_backoff_ms = 50\nmax_backoff_ms = 500\n[inputs.kafka.librdkafka]\n"
                        // A killed member leaves the group when its session ends;
                        // shorter than the mock's 3 s rebalance delay, no group forms.
                        << "\"session.timeout.ms\" = 3000\n\"heartbeat.interval.ms\" = 500\n"
                        // and a JoinGroup the mock never answers times out soon.
                        << "\"max.poll.interval.ms\" = 3000\n";
  const auto data = dir / "data";

  std::atomic<bool> producing{true};
  std::array<std::atomic<int>, kPartitions> produced{};
  std::thread producer([&] {
    while (producing) {
      for (int p = 0; p < kPartitions; ++p) {
        kafka.produce(kTopic, {sysmon(p, produced[p])}, p);
        ++produced[p];
      }
      std::this_thread::sleep_for(10ms);
    }
  });

  std::mt19937 random(20261207);
  for (int kill = 0; kill < kKills; ++kill) {
    Daemon daemon({"--config", config.string()}, data);
    // Killed while consuming: after its first batch is stored (the group
    // join takes the mock's rebalance delay), at a different moment each time.
    const auto joined_by = std::chrono::steady_clock::now() + 30s;
    const auto before = daemon.client().get("/kafka-kill9/_count").json()["count"].get<int>();
    while (daemon.client().get("/kafka-kill9/_count").json()["count"].get<int>() == before &&
           std::chrono::steady_clock::now() < joined_by)
      std::this_thread::sleep_for(20ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 500)(random)));
    daemon.kill_hard();
    const Database db(data / "vigil.db");
    for (int p = 0; p < kPartitions; ++p) {
      const auto committed = kafka.committed("vigil", kTopic, p).value_or(0);
      std::cout << "kill " << kill << ": partition " << p << " committed " << committed << " of "
                << produced[p].load() << " produced\n";
      EXPECT_EQ(db.stored_before(p, committed), committed)
          << "kill " << kill << ", partition " << p << ": committed offset " << committed << " is ahead of the store";
    }
  }
  producing = false;
  producer.join();

  Daemon daemon({"--config", config.string()}, data);
  const auto total = produced[0] + produced[1];
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (daemon.client().get("/kafka-kill9/_count").json()["count"] != total && std::chrono::steady_clock::now() < until)
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
  std::cout << total << " events produced over " << kKills << " kills, each stored once\n";
}

}  // namespace
}  // namespace vigil::test
