#include "engine/health/source_activity.hpp"

#include <algorithm>

namespace vigil::engine::health {

void SourceActivity::record_stored(TimeMs now, const std::vector<SourceSighting>& sightings) {
  std::lock_guard lock(mutex_);
  refusing_since_.reset();
  for (const auto& s : sightings) {
    auto& last = last_seen_[{s.index, s.host}];
    last = std::max(last, now);
  }
}

void SourceActivity::stored(TimeMs at, std::span<const ingest::WrittenEvent> batch) {
  std::vector<SourceSighting> sightings;
  sightings.reserve(batch.size());
  for (const auto& event : batch) sightings.push_back({event.index, event.host});
  record_stored(at, sightings);
}

void SourceActivity::record_refused(TimeMs now) {
  std::lock_guard lock(mutex_);
  if (!refusing_since_) refusing_since_ = now;
}

std::map<std::pair<std::string, std::string>, TimeMs> SourceActivity::last_seen() const {
  std::lock_guard lock(mutex_);
  return last_seen_;
}

std::optional<TimeMs> SourceActivity::refusing_since() const {
  std::lock_guard lock(mutex_);
  return refusing_since_;
}

}  // namespace vigil::engine::health
