#include "engine/health/source_activity.hpp"

#include <algorithm>

namespace vigil::engine::health {

void SourceActivity::record_stored(TimeMs now, const std::vector<SourceSighting>& sightings) {
  std::lock_guard lock(mutex_);
  refusing_since_.reset();
  for (const auto& s : sightings) see(s.index, s.host, now);
}

void SourceActivity::stored(TimeMs at, std::span<const ingest::WrittenEvent> batch) {
  std::lock_guard lock(mutex_);
  refusing_since_.reset();
  // A batch is mostly runs of one index and host: one map lookup per run, not per event.
  const ingest::WrittenEvent* previous = nullptr;
  for (const auto& event : batch) {
    if (previous == nullptr || event.index != previous->index || event.host != previous->host)
      see(event.index, event.host, at);
    previous = &event;
  }
}

void SourceActivity::see(const std::string& index, const std::string& host, TimeMs at) {
  auto& last = last_seen_[{index, host}];
  last = std::max(last, at);
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
