// Kafka consumption against HTTP _bulk, in the same run: N Beats-shaped
// Sysmon events POSTed as gzip _bulk batches into one vigild, then the same
// events produced into librdkafka's mock cluster (hosted by this process)
// while a second vigild consumes them. The producer stays a few thousand
// events ahead of what is stored, so the mock's ~5 MiB per partition log
// never drops a message set. Reports both rates, their ratio, vigild's CPU
// per event on each path (the part the mock does not decide) and its peak RSS.
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_events.hpp"
#include "bench/bench_support.hpp"
#include "tests/support/compression.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/kafka_mock.hpp"
#include "tests/support/process_status.hpp"

namespace {

constexpr int kPartitions = 4;

struct Measured {
  double seconds = 0;
  double cpu_seconds = 0;
  long peak_rss_kb = 0;
};

// The value of a label-less or single-sample counter line in /metrics.
double metric(vigil::test::Daemon& d, const std::string& sample) {
  const auto body = d.client().get("/metrics").body;
  const auto at = body.find("\n" + sample + " ");
  return at == std::string::npos ? 0 : std::stod(body.substr(at + sample.size() + 2));
}

Measured over_http(const std::vector<std::string>& events, std::size_t batch, std::size_t connections) {
  std::vector<std::string> bodies;
  for (std::size_t first = 0; first < events.size(); first += batch) {
    std::string body;
    for (std::size_t n = first; n < std::min(events.size(), first + batch); ++n)
      body += "{\"create\":{\"_index\":\"winlogbeat-8.15.0\"}}\n" + events[n] + "\n";
    bodies.push_back(vigil::test::compress(body));
  }
  vigil::test::Daemon daemon;
  const auto cpu_before = vigil::test::cpu_seconds(daemon.pid());
  const auto start = vigil::bench::SteadyClock::now();
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> clients;
  for (std::size_t c = 0; c < connections; ++c)
    clients.emplace_back([&] {
      vigil::test::HttpClient client(daemon.host(), daemon.port());
      for (std::size_t i = next++; i < bodies.size(); i = next++) {
        const auto res = client.request("POST", "/_bulk?filter_path=errors", bodies[i],
                                        {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
        if (res.status != 200 || res.body.find("\"errors\":false") == std::string::npos)
          std::cerr << "batch " << i << " failed: " << res.status << "\n";
      }
    });
  for (auto& t : clients) t.join();
  Measured m{vigil::bench::seconds_since(start), vigil::test::cpu_seconds(daemon.pid()) - cpu_before,
             vigil::test::status_kb(daemon.pid(), "VmHWM")};
  daemon.stop();
  return m;
}

Measured over_kafka(const std::vector<std::string>& events, std::size_t batch, std::size_t ahead) {
  vigil::test::KafkaMock kafka;
  kafka.create_topic("winlogbeat", kPartitions);
  vigil::test::TempDir dir;
  std::string brokers = "[\"";
  for (const char c : kafka.bootstrap()) brokers += c == ',' ? std::string("\", \"") : std::string(1, c);
  brokers += "\"]";
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[retention]\nevents_days = 36500\n[[inputs.kafka]]\nname = \"bench\"\nbrokers = "
                        << brokers << "\ntopics = [\"winlogbeat\"]\nindex = \"winlogbeat-8.15.0\"\n"
                        << "max_batch_messages = " << batch << "\nbatch_wait_ms = 50\n";
  vigil::test::Daemon daemon({"--config", config.string()});
  const std::string stored = "vigil_kafka_records_total{input=\"bench\"}";
  // The group join (the mock's 3 s rebalance delay) is not consumption: one
  // event goes first and the clock starts once it is stored.
  kafka.produce("winlogbeat", {events[0]});
  while (metric(daemon, stored) < 1) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto cpu_before = vigil::test::cpu_seconds(daemon.pid());
  const auto start = vigil::bench::SteadyClock::now();
  constexpr std::size_t kChunk = 2000;
  for (std::size_t first = 1; first < events.size(); first += kChunk) {
    // Stay at most `ahead` events in front of the store.
    while (first > ahead && metric(daemon, stored) + static_cast<double>(ahead) < static_cast<double>(first))
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Round robin by hand: librdkafka's sticky partitioner would put a whole
    // chunk into one partition and past the mock's log limit.
    std::vector<std::vector<std::string>> parts(kPartitions);
    for (std::size_t n = first; n < std::min(events.size(), first + kChunk); ++n)
      parts[n % kPartitions].push_back(events[n]);
    for (int p = 0; p < kPartitions; ++p) kafka.produce("winlogbeat", parts[p], p);
  }
  while (metric(daemon, stored) < static_cast<double>(events.size()))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  Measured m{vigil::bench::seconds_since(start), vigil::test::cpu_seconds(daemon.pid()) - cpu_before,
             vigil::test::status_kb(daemon.pid(), "VmHWM")};
  daemon.stop();
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t count = vigil::bench::arg(argc, argv, "--events", 200000);
  const std::size_t batch = vigil::bench::arg(argc, argv, "--batch", 5000);
  const std::size_t connections = vigil::bench::arg(argc, argv, "--connections", 4);
  // About 2.4 MiB per partition of 4 at ~1.2 KB an event: under the mock's 5 MiB.
  const std::size_t ahead = vigil::bench::arg(argc, argv, "--ahead", 8000);

  std::vector<std::string> events;
  events.reserve(count);
  for (std::size_t n = 0; n < count; ++n)
    events.push_back(vigil::bench::sysmon_event(n, 100, 0, "2026-11-22T10:00:00.000Z"));
  std::cout << "machine: " << std::thread::hardware_concurrency() << " cores\n"
            << "workload: " << count << " Beats Sysmon events (" << events[0].size() << " B each); _bulk: gzip "
            << "batches of " << batch << " over " << connections << " connections; Kafka: " << kPartitions
            << " partitions, batches of up to " << batch << ", the producer at most " << ahead << " events ahead\n";

  const auto http = over_http(events, batch, connections);
  const auto kafka = over_kafka(events, batch, ahead);
  const double http_rate = count / http.seconds;
  const double kafka_rate = (count - 1) / kafka.seconds;
  std::printf("vigild _bulk ingest:     %8.0f events/s (%.2f s)\n", http_rate, http.seconds);
  std::printf("vigild Kafka consume:    %8.0f events/s (%.2f s)\n", kafka_rate, kafka.seconds);
  std::printf("ratio Kafka / _bulk:     %.2f\n", kafka_rate / http_rate);
  std::printf("vigild CPU per event:    _bulk %.1f us, Kafka %.1f us; ratio Kafka / _bulk %.2f\n",
              http.cpu_seconds * 1e6 / count, kafka.cpu_seconds * 1e6 / (count - 1),
              (kafka.cpu_seconds / (count - 1)) / (http.cpu_seconds / count));
  std::printf("vigild peak resident memory: _bulk %.0f MB, Kafka %.0f MB\n", http.peak_rss_kb / 1024.0,
              kafka.peak_rss_kb / 1024.0);
  return 0;
}
