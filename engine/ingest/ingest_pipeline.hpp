#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "engine/detect/ingest_matcher.hpp"
#include "engine/ingest/ingest_batch.hpp"
#include "engine/ingest/ingest_observer.hpp"
#include "engine/normalize/normalizer.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::engine::ingest {

// The ingest use case, whatever the transport: normalizes a batch of raw
// events, matches each against the rules while its parsed document is at
// hand, builds the records and stores them in one transaction, then reports
// to the observer. HTTP handlers (and any other input) only decode their
// transport and call it.
//
// Rule matching runs on the caller's thread, before the transaction: a rule
// run reads only the matches recorded at ingest, so they must be committed
// with the events they belong to, and the caller's thread is one of the
// ingest workers, sized for this CPU work.
//
// At most `max_pending` batches ingest or wait for the database at once;
// one more is refused as saturated (a result, not an error), so memory
// stays bounded and senders back off. Thread-safe. The store, clock,
// observer and matcher (each optional but the first two) must outlive it.
class IngestPipeline {
 public:
  IngestPipeline(EventStore& store, const Clock& clock, unsigned max_pending, IngestObserver* observer = nullptr,
                 const detect::IngestMatcher* matcher = nullptr)
      : store_(store), clock_(clock), max_pending_(max_pending), observer_(observer), matcher_(matcher) {}

  // Stores all events or none: a StoreError from the store propagates, the
  // observer told first. Events without an id get a generated one.
  IngestResult ingest(std::vector<IncomingEvent> events, SourceHint hint);

  // Events of unrecognised shape stored since start.
  std::uint64_t unrecognised_total() const { return unrecognised_.load(); }
  // Batches ingesting or waiting for the database now.
  unsigned pending() const { return pending_.load(); }

 private:
  EventStore& store_;
  const Clock& clock_;
  const unsigned max_pending_;
  IngestObserver* const observer_;
  const detect::IngestMatcher* const matcher_;
  std::atomic<unsigned> pending_{0};
  std::atomic<std::uint64_t> unrecognised_{0};
};

}  // namespace vigil::engine::ingest
