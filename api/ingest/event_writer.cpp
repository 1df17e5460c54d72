#include "api/ingest/event_writer.hpp"

#include <random>

#include <spdlog/spdlog.h>

namespace vigil::api {

std::string generate_event_id() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string id(20, ' ');
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i % 10 == 0) bits = rng();
    id[i] = kAlphabet[bits & 63];
    bits >>= 6;
  }
  return id;
}

std::vector<WrittenEvent> EventWriter::write(std::vector<IncomingEvent> events, engine::SourceHint hint) {
  struct PendingGuard {
    std::atomic<unsigned>& pending;
    ~PendingGuard() { --pending; }
  };
  if (++pending_ > max_pending_) {
    --pending_;
    throw WriterSaturated("too many bulk requests are waiting for the database (" + std::to_string(max_pending_) +
                          "); retry with back-off");
  }
  PendingGuard guard{pending_};

  const auto received_at = clock_.now();
  std::vector<engine::EventRecord> records;
  std::vector<WrittenEvent> written;
  records.reserve(events.size());
  written.reserve(events.size());
  std::size_t unrecognised = 0;
  std::string unrecognised_index;
  for (auto& in : events) {
    auto normalized = engine::normalize(std::move(in.raw), received_at, hint);
    const bool recognised = normalized.recognised;
    auto shape = normalized.shape;
    auto r = engine::to_event_record(std::move(normalized), std::move(in.index),
                                     in.id.empty() ? generate_event_id() : std::move(in.id), in.mode);
    if (!recognised) {
      ++unrecognised;
      unrecognised_index = r.index;
    }
    written.push_back({r.index, r.id, engine::WriteOutcome::kCreated, std::move(shape)});
    records.push_back(std::move(r));
  }
  const auto outcomes = store_.write_batch(records);
  if (unrecognised > 0) {
    // Stored all the same, but no rule can rely on their fields: say so.
    unrecognised_ += unrecognised;
    spdlog::info("stored {} event(s) of unrecognised shape (last in index {}); total since start {}", unrecognised,
                 unrecognised_index, unrecognised_.load());
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) written[i].outcome = outcomes[i];
  return written;
}

}  // namespace vigil::api
