#include "api/ingest/ingest_reporter.hpp"

#include <spdlog/spdlog.h>

namespace vigil::api {

void IngestReporter::stored(engine::TimeMs, std::span<const engine::ingest::WrittenEvent> batch) {
  if (metrics_) metrics_->count_stored(batch);
}

void IngestReporter::unrecognised(std::size_t count, const std::string& last_index, std::uint64_t total) {
  // Stored all the same, but no rule can rely on their fields: say so.
  spdlog::info("stored {} event(s) of unrecognised shape (last in index {}); total since start {}", count, last_index,
               total);
}

void IngestReporter::saturated(engine::TimeMs) {
  if (metrics_) metrics_->count_rejection();
}

void IngestReporter::store_failed(engine::TimeMs, engine::StoreErrorKind kind) {
  if (metrics_) metrics_->count_store_failure(kind);
}

}  // namespace vigil::api
