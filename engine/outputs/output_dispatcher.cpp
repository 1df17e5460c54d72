#include "engine/outputs/output_dispatcher.hpp"

namespace vigil::engine::outputs {

OutputDispatcher::OutputDispatcher(Outbox& outbox, std::unique_ptr<Sink> sink, const Clock& clock,
                                   DispatcherOptions options)
    : outbox_(outbox),
      sink_(std::move(sink)),
      clock_(clock),
      options_(std::move(options)),
      jitter_(options_.jitter_seed) {}

TimeMs OutputDispatcher::oldest_retry_age() const {
  const auto since = first_failure_at_.load();
  return since == 0 ? 0 : std::max<TimeMs>(0, clock_.now() - since);
}

void OutputDispatcher::report(const OutboxEntry& entry, const std::string& what) const {
  if (options_.on_failure)
    options_.on_failure("output " + options_.output + ": " + entry.type() + " " + entry.idempotency_key() + " " + what);
}

std::optional<TimeMs> OutputDispatcher::tick() {
  auto position = outbox_.position(options_.output);
  first_failure_at_ = position.first_failure_at.value_or(0);
  if (position.next_attempt_at && *position.next_attempt_at > clock_.now()) return position.next_attempt_at;
  while (!stopping_) {
    const auto entries = outbox_.entries_after(position.cursor, options_.batch);
    if (entries.empty()) return clock_.now() + options_.poll_ms;
    // Entries the filter skips move the cursor in one write, not one each.
    std::optional<std::int64_t> skipped_to;
    for (const auto& entry : entries) {
      if (stopping_) break;
      if (!options_.filter.matches(entry)) {
        skipped_to = entry.seq;
        ++counters_.skipped;
        continue;
      }
      if (skipped_to) outbox_.advance(options_.output, *skipped_to);
      skipped_to.reset();
      const auto result = sink_->deliver(entry);
      const auto now = clock_.now();
      if (result.delivered) {
        outbox_.advance(options_.output, entry.seq);
        ++counters_.delivered;
        position = OutputPosition::after(entry.seq);
        first_failure_at_ = 0;
        continue;
      }
      ++counters_.failed;
      const int attempts = position.attempts + 1;
      if (result.permanent || attempts >= options_.max_attempts) {
        outbox_.dead_letter(options_.output, entry, attempts, result.error, now);
        report(entry, "dead-lettered after " + std::to_string(attempts) + " attempt(s): " + result.error);
        ++counters_.dead_lettered;
        position = OutputPosition::after(entry.seq);
        first_failure_at_ = 0;
        continue;
      }
      const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(jitter_);
      position.attempts = attempts;
      position.first_failure_at = position.first_failure_at.value_or(now);
      position.next_attempt_at = now + options_.backoff.delay(attempts, jitter);
      outbox_.record_failure(options_.output, position);
      report(entry, "attempt " + std::to_string(attempts) + " failed: " + result.error + "; retrying in " +
                        std::to_string(*position.next_attempt_at - now) + " ms");
      first_failure_at_ = *position.first_failure_at;
      return position.next_attempt_at;
    }
    if (skipped_to) outbox_.advance(options_.output, *skipped_to);
    position = outbox_.position(options_.output);
  }
  return std::nullopt;
}

}  // namespace vigil::engine::outputs
