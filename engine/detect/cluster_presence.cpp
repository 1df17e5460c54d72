#include "engine/detect/cluster_presence.hpp"

#include <exception>

namespace vigil::engine::detect {

std::optional<std::string> ClusterPresence::beat() {
  std::optional<std::string> failure;
  try {
    membership_.heartbeat();
    ++heartbeats_;
    last_heartbeat_.store(clock_.now());
  } catch (const std::exception& e) {
    ++failures_;
    failure = e.what();
  }
  scheduler_.renew_leases();
  return failure;
}

PresenceFigures ClusterPresence::figures() const {
  const auto last = last_heartbeat_.load();
  return {heartbeats_.load(), failures_.load(), last == 0 ? std::nullopt : std::optional<TimeMs>(last)};
}

}  // namespace vigil::engine::detect
