#pragma once

#include <memory>
#include <vector>

#include "api/metrics/metrics_registry.hpp"
#include "config/options.hpp"
#include "engine/outputs/output_dispatcher.hpp"
#include "engine/schedule/clocked_thread.hpp"
#include "daemon/storage_backend.hpp"

namespace vigil::daemon {

// Alert delivery as [[outputs]] configure it: the outbox, and per output a
// sink, a dispatcher on its own thread (so a receiver that is down holds
// back only its own output) and its metrics. Built after storage, stopped
// before it. Building checks what the config loader could not (a CA file
// OpenSSL cannot load) and throws with the output's name.
class AlertDelivery {
 public:
  AlertDelivery(const std::vector<config::OutputOptions>& outputs, StorageBackend& storage,
                const engine::Clock& clock, api::metrics::MetricsRegistry& metrics);
  ~AlertDelivery();

  void start();
  // Looks for new entries now, instead of at the next poll (after a run or a triage change).
  void wake();
  // Lets a delivery in progress finish (each blocks at most its timeout), then joins.
  void stop();

 private:
  std::unique_ptr<engine::outputs::Outbox> outbox_;
  std::vector<std::unique_ptr<engine::outputs::OutputDispatcher>> dispatchers_;
  std::vector<std::unique_ptr<engine::ClockedThread>> threads_;
};

}  // namespace vigil::daemon
