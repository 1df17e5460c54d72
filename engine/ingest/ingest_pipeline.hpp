#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
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
// to the observers. HTTP handlers (and any other input) only decode their
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
// observers and matcher (optional) must outlive it.
class IngestPipeline {
 public:
  IngestPipeline(EventStore& store, const Clock& clock, unsigned max_pending,
                 std::vector<IngestObserver*> observers = {}, const detect::IngestMatcher* matcher = nullptr)
      : store_(store),
        clock_(clock),
        max_pending_(max_pending),
        observers_(std::move(observers)),
        matcher_(matcher) {}

  // Stores all events or none: a StoreError from the store propagates, the
  // observers told first. Events without an id get a generated one.
  IngestResult ingest(std::vector<IncomingEvent> events, SourceHint hint);

  // Makes `matcher` the one later batches are matched with (a rule reload).
  // Waits until no batch is being matched or written, then, while none can
  // start, calls `between` and swaps: detect::begin_ingest_matching goes
  // in `between`, so no batch matched by the old matcher is written after
  // the store was told of the new one. If `between` throws, nothing changes.
  // Once this returns the old matcher is no longer used and may be freed.
  void replace_matcher(const detect::IngestMatcher* matcher, const std::function<void()>& between);

  // Events of unrecognised shape stored since start.
  std::uint64_t unrecognised_total() const { return unrecognised_.load(); }
  // Batches ingesting or waiting for the database now.
  unsigned pending() const { return pending_.load(); }

 private:
  EventStore& store_;
  const Clock& clock_;
  const unsigned max_pending_;
  const std::vector<IngestObserver*> observers_;
  // Shared by each batch from matching to commit. Taken only while holding
  // matcher_entry_, which replace_matcher holds while it waits: glibc's
  // shared mutex prefers readers, and overlapping batches would otherwise
  // keep a reload waiting for as long as shippers keep sending.
  std::mutex matcher_entry_;
  std::shared_mutex matcher_mutex_;
  const detect::IngestMatcher* matcher_;
  std::atomic<unsigned> pending_{0};
  std::atomic<std::uint64_t> unrecognised_{0};
};

}  // namespace vigil::engine::ingest
