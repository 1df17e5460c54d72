#include "api/ingest/event_writer.hpp"

#include <spdlog/spdlog.h>

#include "api/ingest/event_id.hpp"
#include "api/metrics/ingest_metrics.hpp"

namespace vigil::api {
namespace {

std::string host_name(const nlohmann::json& document) {
  const auto host = document.find("host");
  if (host == document.end() || !host->is_object()) return "";
  const auto name = host->find("name");
  return name != host->end() && name->is_string() ? name->get<std::string>() : "";
}

}  // namespace

std::vector<WrittenEvent> EventWriter::write(std::vector<IncomingEvent> events, engine::SourceHint hint) {
  struct PendingGuard {
    std::atomic<unsigned>& pending;
    ~PendingGuard() { --pending; }
  };
  if (++pending_ > max_pending_) {
    --pending_;
    if (metrics_) metrics_->count_rejection();
    if (activity_) activity_->record_refused(clock_.now());
    throw WriterSaturated("too many bulk requests are waiting for the database (" + std::to_string(max_pending_) +
                          "); retry with back-off");
  }
  PendingGuard guard{pending_};
  std::shared_lock matching(matcher_mutex_, std::defer_lock);
  {
    std::lock_guard entry(matcher_entry_);
    matching.lock();
  }

  const auto received_at = clock_.now();
  std::vector<engine::EventRecord> records;
  std::vector<WrittenEvent> written;
  std::vector<engine::health::SourceSighting> sightings;
  records.reserve(events.size());
  written.reserve(events.size());
  for (auto& in : events) {
    auto normalized = engine::normalize(std::move(in.raw), received_at, hint);
    auto shape = normalized.shape;
    if (activity_) sightings.push_back({std::string(), host_name(normalized.document)});
    auto r = engine::detect::to_matched_record(std::move(normalized), std::move(in.index),
                                               in.id.empty() ? generate_event_id(received_at) : std::move(in.id),
                                               in.mode, matcher_);
    written.push_back({r.index, r.id, engine::WriteOutcome::kCreated, std::move(shape), r.document.size()});
    records.push_back(std::move(r));
  }
  std::vector<engine::WriteResult> results;
  try {
    results = store_.write_batch(records);
  } catch (const engine::StoreError& e) {
    if (metrics_) metrics_->count_store_failure(e.kind());
    if (activity_) activity_->record_refused(clock_.now());
    throw;
  }
  matching.unlock();
  if (activity_) {
    // The index a record went to: the source's conventional one when the shipper named none.
    for (std::size_t i = 0; i < sightings.size(); ++i) sightings[i].index = records[i].index;
    activity_->record_stored(received_at, sightings);
  }
  std::size_t unrecognised = 0;
  const std::string* unrecognised_index = nullptr;
  for (std::size_t i = 0; i < results.size(); ++i) {
    written[i].outcome = results[i].outcome;
    written[i].version = results[i].version;
    // "unknown" is the one shape normalization does not recognise; a
    // duplicate refused with a conflict was not stored.
    if (written[i].shape == "unknown" && results[i].outcome != engine::WriteOutcome::kConflict) {
      ++unrecognised;
      unrecognised_index = &written[i].index;
    }
  }
  if (unrecognised > 0) {
    // Stored all the same, but no rule can rely on their fields: say so.
    unrecognised_ += unrecognised;
    spdlog::info("stored {} event(s) of unrecognised shape (last in index {}); total since start {}", unrecognised,
                 *unrecognised_index, unrecognised_.load());
  }
  if (metrics_) metrics_->count_stored(written);
  return written;
}

void EventWriter::replace_matcher(const engine::detect::IngestMatcher* matcher, const std::function<void()>& between) {
  std::lock_guard entry(matcher_entry_);
  std::unique_lock exclusive(matcher_mutex_);
  if (between) between();
  matcher_ = matcher;
}

}  // namespace vigil::api
