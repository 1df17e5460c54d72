#pragma once

#include "api/metrics/ingest_metrics.hpp"
#include "engine/ingest/ingest_observer.hpp"

namespace vigil::api {

// What the ingest pipeline reports, turned into Prometheus counters
// (`metrics`, when given, must outlive it) and log lines. Thread-safe.
class IngestReporter final : public engine::ingest::IngestObserver {
 public:
  explicit IngestReporter(metrics::IngestMetrics* metrics) : metrics_(metrics) {}

  void stored(engine::TimeMs at, std::span<const engine::ingest::WrittenEvent> batch) override;
  void unrecognised(std::size_t count, const std::string& last_index, std::uint64_t total) override;
  void saturated(engine::TimeMs at) override;
  void store_failed(engine::TimeMs at, engine::StoreErrorKind kind) override;

 private:
  metrics::IngestMetrics* const metrics_;
};

}  // namespace vigil::api
