#include "engine/ingest/ingest_pipeline.hpp"

#include "engine/ingest/event_id.hpp"
#include "engine/ingest/record_builder.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::engine::ingest {
namespace {

std::string host_name(const nlohmann::json& document) {
  const auto host = document.find("host");
  if (host == document.end() || !host->is_object()) return "";
  const auto name = host->find("name");
  return name != host->end() && name->is_string() ? name->get<std::string>() : "";
}

struct PendingGuard {
  std::atomic<unsigned>& pending;
  ~PendingGuard() { --pending; }
};

}  // namespace

std::optional<std::string> IngestPipeline::enter(TimeMs at) {
  if (++pending_ <= max_pending_) return std::nullopt;
  --pending_;
  for (auto* observer : observers_) observer->saturated(at);
  return "too many batches are waiting for the database (" + std::to_string(max_pending_) + "); retry with back-off";
}

std::shared_lock<std::shared_mutex> IngestPipeline::lock_matcher() {
  std::shared_lock matching(matcher_mutex_, std::defer_lock);
  std::lock_guard entry(matcher_entry_);
  matching.lock();
  return matching;
}

IngestResult IngestPipeline::ingest(std::vector<IncomingEvent> events, SourceHint hint) {
  const auto received_at = clock_.now();
  // Refused before normalizing: a saturated pipeline costs the sender little.
  if (auto refusal = enter(received_at)) return {true, false, std::move(*refusal), {}};
  PendingGuard guard{pending_};
  auto matching = lock_matcher();
  auto batch = prepare_locked(std::move(events), hint, received_at);
  return write_locked(matching, batch.records, std::move(batch.items), received_at);
}

PreparedBatch IngestPipeline::prepare(std::vector<IncomingEvent> events, SourceHint hint) {
  const auto received_at = clock_.now();
  auto matching = lock_matcher();
  return prepare_locked(std::move(events), hint, received_at);
}

IngestResult IngestPipeline::store(const PreparedBatch& batch) {
  if (auto refusal = enter(clock_.now())) return {true, false, std::move(*refusal), {}};
  PendingGuard guard{pending_};
  auto matching = lock_matcher();
  if (batch.matcher_generation != matcher_generation_)
    return {false, true, "the rules were reloaded after the batch was matched; prepare it again", {}};
  return write_locked(matching, batch.records, batch.items, batch.received_at);
}

PreparedBatch IngestPipeline::prepare_locked(std::vector<IncomingEvent> events, SourceHint hint, TimeMs received_at) {
  PreparedBatch batch;
  batch.received_at = received_at;
  batch.matcher_generation = matcher_generation_;
  batch.records.reserve(events.size());
  batch.items.reserve(events.size());
  for (auto& in : events) {
    auto normalized = normalize(std::move(in.raw), received_at, hint);
    const auto shape = normalized.shape;
    auto host = host_name(normalized.document);
    auto record = to_event_record(std::move(normalized), std::move(in.index),
                                  in.id.empty() ? generate_event_id(received_at) : std::move(in.id), in.mode, matcher_);
    batch.items.push_back(
        {record.index, record.id, WriteOutcome::kCreated, shape, record.document.size(), 1, std::move(host)});
    batch.records.push_back(std::move(record));
  }
  return batch;
}

IngestResult IngestPipeline::write_locked(std::shared_lock<std::shared_mutex>& matching,
                                          std::span<const EventRecord> records, std::vector<WrittenEvent> items,
                                          TimeMs received_at) {
  std::vector<WriteResult> written;
  try {
    written = store_.write_batch(records);
  } catch (const StoreError& e) {
    for (auto* observer : observers_) observer->store_failed(received_at, e.kind());
    throw;
  }
  matching.unlock();
  IngestResult result;
  result.items = std::move(items);
  std::size_t unrecognised = 0;
  const std::string* unrecognised_index = nullptr;
  for (std::size_t i = 0; i < written.size(); ++i) {
    auto& item = result.items[i];
    item.outcome = written[i].outcome;
    item.version = written[i].version;
    // A duplicate refused with a conflict was not stored.
    if (item.shape == EventShape::kUnknown && written[i].outcome != WriteOutcome::kConflict) {
      ++unrecognised;
      unrecognised_index = &item.index;
    }
  }
  const auto total = unrecognised_ += unrecognised;
  for (auto* observer : observers_) {
    if (unrecognised > 0) observer->unrecognised(unrecognised, *unrecognised_index, total);
    observer->stored(received_at, result.items);
  }
  return result;
}

void IngestPipeline::replace_matcher(const detect::IngestMatcher* matcher, const std::function<void()>& between) {
  std::lock_guard entry(matcher_entry_);
  std::unique_lock exclusive(matcher_mutex_);
  if (between) between();
  matcher_ = matcher;
  ++matcher_generation_;
}

}  // namespace vigil::engine::ingest
