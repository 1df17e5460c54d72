#include "bench/bulk_load.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "bench/bench_events.hpp"
#include "bench/bench_support.hpp"
#include "tests/support/compression.hpp"

namespace vigil::bench {

BulkBodies sysmon_bulk_bodies(std::size_t events, std::size_t batch, const std::string& timestamp,
                              const std::function<void(std::size_t n, const std::string& event)>& each) {
  BulkBodies bodies;
  for (std::size_t first = 0; first < events; first += batch) {
    std::string body;
    for (std::size_t n = first; n < std::min(events, first + batch); ++n) {
      const auto event = sysmon_event(n, 100, 0, timestamp);
      body += "{\"create\":{\"_index\":\"winlogbeat-8.15.0\"}}\n";
      body += event;
      body += "\n";
      if (each) each(n, event);
    }
    bodies.raw_bytes += body.size();
    bodies.gzipped.push_back(test::compress(body));
  }
  return bodies;
}

Sent send(test::Daemon& daemon, const std::vector<std::string>& bodies, std::size_t connections,
          double events_per_second, std::size_t events_per_body) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  struct Batch {
    double sent_at;  // seconds from the start
    double latency_ms;
  };
  std::vector<std::vector<Batch>> latencies(connections);
  const auto start = SteadyClock::now();
  std::vector<std::thread> clients;
  for (std::size_t c = 0; c < connections; ++c) {
    clients.emplace_back([&, c] {
      test::HttpClient client(daemon.host(), daemon.port());
      for (std::size_t i = next++; i < bodies.size(); i = next++) {
        if (events_per_second > 0)
          std::this_thread::sleep_until(start + std::chrono::duration<double>(i * events_per_body / events_per_second));
        const auto sent = SteadyClock::now();
        const double sent_at = std::chrono::duration<double>(sent - start).count();
        auto res = client.request("POST", "/_bulk?filter_path=errors,items.*.error,items.*.status", bodies[i],
                                  {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}});
        latencies[c].push_back({sent_at, seconds_since(sent) * 1000});
        if (res.status != 200 || res.body.find("\"errors\":false") == std::string::npos) {
          std::cerr << "batch " << i << " failed: " << res.status << " " << res.body.substr(0, 300) << "\n";
          failed = true;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  Sent sent{seconds_since(start), {}, {}, 0, failed};
  for (const auto& per_connection : latencies)
    for (const auto& b : per_connection) {
      sent.latencies_ms.push_back(b.latency_ms);
      if (b.sent_at >= kWarmUpSeconds)
        sent.steady_latencies_ms.push_back(b.latency_ms);
      else
        sent.warm_up_max_ms = std::max(sent.warm_up_max_ms, b.latency_ms);
    }
  std::sort(sent.latencies_ms.begin(), sent.latencies_ms.end());
  std::sort(sent.steady_latencies_ms.begin(), sent.steady_latencies_ms.end());
  return sent;
}

}  // namespace vigil::bench
