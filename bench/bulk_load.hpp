#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "tests/support/daemon_fixture.hpp"

namespace vigil::bench {

// N Sysmon events (bench_events) as gzip _bulk bodies of `batch` creates
// into winlogbeat-8.15.0, all at `timestamp`; `each` sees every event as
// shipped, in order.
struct BulkBodies {
  std::vector<std::string> gzipped;
  std::size_t raw_bytes = 0;  // the NDJSON before compression
};
BulkBodies sysmon_bulk_bodies(std::size_t events, std::size_t batch, const std::string& timestamp,
                              const std::function<void(std::size_t n, const std::string& event)>& each = {});

// How long a fresh daemon on an empty database counts as starting: its first
// batches also train the zstd dictionary, grow the WAL file and warm the
// caches, a cost paid once (reported apart).
constexpr double kWarmUpSeconds = 1.0;

struct Sent {
  double seconds = 0;
  std::vector<double> latencies_ms;         // sorted
  std::vector<double> steady_latencies_ms;  // sorted: batches sent after the warm-up
  double warm_up_max_ms = 0;                // the slowest batch sent during it
  bool failed = false;
};

// Posts every body over `connections` keep-alive connections, as fast as
// vigild answers, or paced so that batches start at `events_per_second`
// (0: unpaced); each batch's latency runs from its send to its answer.
Sent send(test::Daemon& daemon, const std::vector<std::string>& bodies, std::size_t connections,
          double events_per_second, std::size_t events_per_body);

}  // namespace vigil::bench
