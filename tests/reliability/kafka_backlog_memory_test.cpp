// Issue 31's memory bound for the Kafka input: vigild starting behind a
// backlog drains it with its peak resident size (VmHWM) at most 300 MB.
// The backlog, 192 MiB of Winlogbeat Sysmon events, three times what
// librdkafka may prefetch (queued.max.messages.kbytes, 64 MiB), so that a
// consumer fetching without bound would pass 300 MB, is spread over 64
// partitions of 3 MiB, inside what the mock cluster keeps of a partition
// (about 5 MiB); more is produced while it drains.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/kafka_mock.hpp"
#include "tests/support/process_status.hpp"
#include "tests/support/sanitizers.hpp"
#include "tests/support/winlogbeat_sysmon.hpp"

namespace vigil::test {
namespace {

using namespace std::chrono_literals;

constexpr long kPeakLimitKb = 300 * 1000;
constexpr int kPartitions = 64;
constexpr int kBacklogPerPartition = 3072;  // of about 1 KiB each
constexpr int kWhileDraining = 256;         // a partition, produced once draining started

std::vector<std::string> batch(int partition, int from, int count) {
  std::vector<std::string> out;
  for (int n = from; n < from + count; ++n)
    out.push_back(winlogbeat_sysmon("WS" + std::to_string(partition),
                                    "cmd /c echo " + std::to_string(partition) + "-" + std::to_string(n), 700));
  return out;
}

TEST(KafkaBacklogMemory, DrainingABacklogPeaksBelow300MB) {
  if (kSanitized) GTEST_SKIP() << "a sanitizer's shadow memory and quarantine are no backlog's";
  KafkaMock kafka;
  kafka.create_topic("winlogbeat", kPartitions);
  for (int p = 0; p < kPartitions; ++p) kafka.produce("winlogbeat", batch(p, 0, kBacklogPerPartition), p);

  TempDir dir;
  auto brokers = kafka.bootstrap();
  for (std::size_t comma = 0; (comma = brokers.find(',', comma)) != std::string::npos; comma += 3)
    brokers.replace(comma, 1, "\", \"");
  std::ofstream(dir / "vigil.toml") << "[retention]\nevents_days = 36500\n[[inputs.kafka]]\nname = \"backlog\"\n"
                                    << "brokers = [\"" << brokers << "\"]\ntopics = [\"winlogbeat\"]\n"
                                    << "index = \"kafka-backlog\"\n[inputs.kafka.librdkafka]\n"
                                    // The mock coordinator's lost JoinGroup answers time out soon.
                                    << "\"max.poll.interval.ms\" = 3000\n\"session.timeout.ms\" = 3000\n";
  Daemon d({"--config", (dir / "vigil.toml").string()});
  const auto count = [&] { return d.client().get("/kafka-backlog/_count").json()["count"].get<int>(); };
  const auto started = std::chrono::steady_clock::now();
  while (count() == 0 && std::chrono::steady_clock::now() < started + 30s) std::this_thread::sleep_for(20ms);
  for (int p = 0; p < kPartitions; ++p) kafka.produce("winlogbeat", batch(p, kBacklogPerPartition, kWhileDraining), p);

  const int total = kPartitions * (kBacklogPerPartition + kWhileDraining);
  while (count() < total && std::chrono::steady_clock::now() < started + 240s) std::this_thread::sleep_for(100ms);
  const auto drained_in = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(count(), total) << d.log();
  const long peak_kb = status_kb(d.pid(), "VmHWM");
  std::cout << "[ MEMORY   ] " << total << " events (" << kPartitions << " partitions) drained in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(drained_in).count() << " ms, peak RSS "
            << peak_kb / 1000 << " MB\n";
  EXPECT_LE(peak_kb, kPeakLimitKb);
  EXPECT_EQ(d.stop(), 0);
}

}  // namespace
}  // namespace vigil::test
