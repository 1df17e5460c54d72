#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/ingest/ingest_observer.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::health {

// Where one stored event came from.
struct SourceSighting {
  std::string index;
  std::string host;  // host.name, or "" when the event has none
};

// What ingest has seen since start: when each index (and each host within
// an index) last sent an event, and whether ingest is refusing batches now.
// Kept in memory: a source silent across a restart is known again once it
// sends. The ingest pipeline tells it as an observer; the health checks
// (health_monitor.hpp) read it. Thread-safe.
class SourceActivity final : public ingest::IngestObserver {
 public:
  void stored(TimeMs at, std::span<const ingest::WrittenEvent> batch) override;
  void unrecognised(std::size_t, const std::string&, std::uint64_t) override {}
  void saturated(TimeMs at) override { record_refused(at); }
  void store_failed(TimeMs at, StoreErrorKind) override { record_refused(at); }

  // A batch was stored at `now`.
  void record_stored(TimeMs now, const std::vector<SourceSighting>& sightings);
  // A batch was refused at `now` (429: the writer was saturated; 503: the store failed).
  void record_refused(TimeMs now);

  // (index, host) -> last time it sent; host "" stands for events without one.
  std::map<std::pair<std::string, std::string>, TimeMs> last_seen() const;
  // Since when every batch has been refused, if the last one was.
  std::optional<TimeMs> refusing_since() const;

 private:
  void see(const std::string& index, const std::string& host, TimeMs at);  // mutex_ held

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, TimeMs> last_seen_;
  std::optional<TimeMs> refusing_since_;
};

}  // namespace vigil::engine::health
