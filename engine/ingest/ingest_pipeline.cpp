#include "engine/ingest/ingest_pipeline.hpp"

#include "engine/ingest/event_id.hpp"
#include "engine/ingest/record_builder.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::engine::ingest {

IngestResult IngestPipeline::ingest(std::vector<IncomingEvent> events, SourceHint hint) {
  struct PendingGuard {
    std::atomic<unsigned>& pending;
    ~PendingGuard() { --pending; }
  };
  if (++pending_ > max_pending_) {
    --pending_;
    if (observer_) observer_->saturated();
    return {true,
            "too many batches are waiting for the database (" + std::to_string(max_pending_) +
                "); retry with back-off",
            {}};
  }
  PendingGuard guard{pending_};

  const auto received_at = clock_.now();
  std::vector<EventRecord> records;
  IngestResult result;
  records.reserve(events.size());
  result.items.reserve(events.size());
  for (auto& in : events) {
    auto normalized = normalize(std::move(in.raw), received_at, hint);
    auto shape = normalized.shape;
    auto record = to_event_record(std::move(normalized), std::move(in.index),
                                  in.id.empty() ? generate_event_id(received_at) : std::move(in.id), in.mode,
                                  matcher_);
    result.items.push_back({record.index, record.id, WriteOutcome::kCreated, std::move(shape), record.document.size()});
    records.push_back(std::move(record));
  }
  std::vector<WriteResult> written;
  try {
    written = store_.write_batch(records);
  } catch (const StoreError& e) {
    if (observer_) observer_->store_failed(e.kind());
    throw;
  }
  std::size_t unrecognised = 0;
  const std::string* unrecognised_index = nullptr;
  for (std::size_t i = 0; i < written.size(); ++i) {
    auto& item = result.items[i];
    item.outcome = written[i].outcome;
    item.version = written[i].version;
    // "unknown" is the one shape normalization does not recognise; a
    // duplicate refused with a conflict was not stored.
    if (item.shape == "unknown" && written[i].outcome != WriteOutcome::kConflict) {
      ++unrecognised;
      unrecognised_index = &item.index;
    }
  }
  const auto total = unrecognised_ += unrecognised;
  if (observer_) {
    if (unrecognised > 0) observer_->unrecognised(unrecognised, *unrecognised_index, total);
    observer_->stored(result.items);
  }
  return result;
}

}  // namespace vigil::engine::ingest
