#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "engine/detect/ingest_matcher.hpp"
#include "engine/ingest/ingest_batch.hpp"
#include "engine/ingest/ingest_observer.hpp"
#include "engine/ingest/prepared_batch.hpp"
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
//
// An input that spreads the CPU work over threads of its own and stores in
// order on one (the Kafka input) calls prepare() on its workers and store()
// on its storing thread: ingest() is the two in one call.
class IngestPipeline {
 public:
  IngestPipeline(EventStore& store, const Clock& clock, unsigned max_pending,
                 std::vector<IngestObserver*> observers = {}, const detect::IngestMatcher* matcher = nullptr)
      : store_(store), clock_(clock), max_pending_(max_pending), observers_(std::move(observers)), matcher_(matcher) {}

  // Stores all events or none: a StoreError from the store propagates, the
  // observers told first. Events without an id get a generated one.
  IngestResult ingest(std::vector<IncomingEvent> events, SourceHint hint);

  // Normalizes and matches `events` into records, as ingest() does, without
  // storing them or taking one of the `max_pending` places: the caller
  // bounds how many prepared batches it holds.
  PreparedBatch prepare(std::vector<IncomingEvent> events, SourceHint hint);
  // Stores a prepared batch as ingest() stores its own: refused as
  // saturated, or all stored, or a StoreError. A batch whose matcher was
  // replaced since it was prepared is refused with `stale` set and nothing
  // stored: its matches would be the old rules'; prepare it again. The
  // batch is left as it is, so a refused one can be offered again.
  IngestResult store(const PreparedBatch& batch);

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
  // Takes one of the max_pending places, or says why not (the observers told).
  std::optional<std::string> enter(TimeMs at);
  // matcher_mutex_ shared, taken through matcher_entry_ (see there).
  std::shared_lock<std::shared_mutex> lock_matcher();
  // With matcher_mutex_ held shared.
  PreparedBatch prepare_locked(std::vector<IncomingEvent> events, SourceHint hint, TimeMs received_at);
  // Writes with `matching` held and lets it go once written, before the
  // observers hear of it. Items: the records' reports, outcomes filled in.
  IngestResult write_locked(std::shared_lock<std::shared_mutex>& matching, std::span<const EventRecord> records,
                            std::vector<WrittenEvent> items, TimeMs received_at);

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
  std::uint64_t matcher_generation_ = 0;  // guarded by matcher_mutex_; one more at each replace_matcher
  std::atomic<unsigned> pending_{0};
  std::atomic<std::uint64_t> unrecognised_{0};
};

}  // namespace vigil::engine::ingest
