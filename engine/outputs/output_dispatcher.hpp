#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "engine/outputs/backoff.hpp"
#include "engine/outputs/outbox.hpp"
#include "engine/outputs/output_filter.hpp"
#include "engine/outputs/sink.hpp"
#include "engine/schedule/clock.hpp"

namespace vigil::engine::outputs {

struct DispatcherOptions {
  std::string output;  // the output's name: its position in the outbox
  OutputFilter filter;
  BackoffPolicy backoff;
  int max_attempts = 100;  // failed attempts before an entry is dead-lettered
  // How often an idle output looks for new entries when nobody wakes it.
  TimeMs poll_ms = 1000;
  std::size_t batch = 100;  // entries read from the outbox at once
  std::uint64_t jitter_seed = std::random_device{}();
  // Told what failed, for the log: one line per failed attempt or dead letter.
  std::function<void(const std::string& message)> on_failure;
};

// What one output did since start, for metrics. Counters only grow.
struct DispatcherCounters {
  std::atomic<std::uint64_t> delivered{0};
  std::atomic<std::uint64_t> failed{0};  // failed attempts, retried or not
  std::atomic<std::uint64_t> dead_lettered{0};
  std::atomic<std::uint64_t> skipped{0};  // entries its filter did not select
};

// Delivers one output's entries through its sink, in outbox order: the entry
// after the cursor is retried (exponential back-off with jitter, on the
// injected clock) until delivered or dead-lettered, and nothing behind it is
// sent before. The position is durable (Outbox), so a restart resumes at the
// entry that was not yet acknowledged: at-least-once, never lost.
//
// tick() is for one thread at a time (a ClockedThread); counters(),
// oldest_retry_age() and request_stop() may be used from any thread.
class OutputDispatcher {
 public:
  OutputDispatcher(Outbox& outbox, std::unique_ptr<Sink> sink, const Clock& clock, DispatcherOptions options);

  // Delivers what is due; returns when to tick again.
  std::optional<TimeMs> tick();
  // Makes a tick in progress return after the delivery it is in (a backlog
  // would otherwise hold shutdown for as long as it takes to send). Any thread.
  void request_stop() { stopping_ = true; }

  const std::string& output() const { return options_.output; }
  const DispatcherCounters& counters() const { return counters_; }
  // How long the entry being retried has been failing; 0 when none is.
  TimeMs oldest_retry_age() const;

 private:
  void report(const OutboxEntry& entry, const std::string& what) const;

  Outbox& outbox_;
  std::unique_ptr<Sink> sink_;
  const Clock& clock_;
  DispatcherOptions options_;
  std::mt19937_64 jitter_;
  DispatcherCounters counters_;
  std::atomic<TimeMs> first_failure_at_{0};  // 0: nothing failing
  std::atomic<bool> stopping_{false};
};

}  // namespace vigil::engine::outputs
