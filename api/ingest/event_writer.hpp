#pragma once

#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/detect/ingest_matcher.hpp"
#include "engine/health/source_activity.hpp"
#include "engine/normalize/normalizer.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::api {

namespace metrics {
class IngestMetrics;
}

// One event to store: the raw document and where it goes.
struct IncomingEvent {
  nlohmann::json raw;
  std::string index;  // empty: the conventional index of its recognised source
  std::string id;     // empty: generate one
  engine::WriteMode mode = engine::WriteMode::kCreate;
};

struct WrittenEvent {
  std::string index;
  std::string id;
  engine::WriteOutcome outcome;
  std::string shape;      // what normalization recognised
  std::size_t bytes = 0;  // of the normalized document as stored
  std::uint64_t version = 1;  // engine::WriteResult::version
};

// Thrown when too many batches already wait for the database: the API turns
// it into 429 so shippers back off and retry, and memory stays bounded.
class WriterSaturated : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Normalizes events, matches them against the rules (`matcher`, when given),
// and stores them as one batch. At most `max_pending` batches wait for the
// database at once. Thread-safe. `metrics`, when given, counts stored events
// and rejections; `activity`, when given, learns which index and host each
// stored batch came from and which batches were refused (the health
// checks). They and `matcher` must outlive the writer.
class EventWriter {
 public:
  EventWriter(engine::EventStore& store, const engine::Clock& clock, unsigned max_pending,
              metrics::IngestMetrics* metrics = nullptr, const engine::detect::IngestMatcher* matcher = nullptr,
              engine::health::SourceActivity* activity = nullptr)
      : store_(store),
        clock_(clock),
        max_pending_(max_pending),
        metrics_(metrics),
        activity_(activity),
        matcher_(matcher) {}

  // Stores all events or none (StoreError). Results are in input order.
  std::vector<WrittenEvent> write(std::vector<IncomingEvent> events, engine::SourceHint hint);

  // Makes `matcher` the one later batches are matched with (a rule reload).
  // Waits until no batch is being matched or written, then, while none can
  // start, calls `between` and swaps: EventStore::begin_ingest_matching goes
  // in `between`, so no batch matched by the old matcher is written after
  // the store was told of the new one. If `between` throws, nothing changes.
  // Once this returns the old matcher is no longer used and may be freed.
  void replace_matcher(const engine::detect::IngestMatcher* matcher, const std::function<void()>& between);

  std::uint64_t unrecognised_total() const { return unrecognised_.load(); }
  // Batches writing or waiting for the database now.
  unsigned pending() const { return pending_.load(); }

 private:
  engine::EventStore& store_;
  const engine::Clock& clock_;
  const unsigned max_pending_;
  metrics::IngestMetrics* const metrics_;
  engine::health::SourceActivity* const activity_;
  // Shared by each batch from matching to commit. Taken only while holding
  // matcher_entry_, which replace_matcher holds while it waits: glibc's
  // shared mutex prefers readers, and overlapping batches would otherwise
  // keep a reload waiting for as long as shippers keep sending.
  std::mutex matcher_entry_;
  std::shared_mutex matcher_mutex_;
  const engine::detect::IngestMatcher* matcher_;
  std::atomic<unsigned> pending_{0};
  std::atomic<std::uint64_t> unrecognised_{0};
};

}  // namespace vigil::api
