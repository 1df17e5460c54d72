#pragma once

#include <string>

#include "engine/outputs/outbox_entry.hpp"

namespace vigil::engine::outputs {

// What one delivery attempt came to.
struct DeliveryResult {
  bool delivered = false;
  // The receiver refused the entry itself (an HTTP 4xx other than 408 and
  // 429): retrying the same bytes cannot succeed, so it is dead-lettered now.
  bool permanent = false;
  std::string error;  // why it failed; never holds a secret

  static DeliveryResult ok() { return {true, false, {}}; }
  static DeliveryResult retry(std::string why) { return {false, false, std::move(why)}; }
  static DeliveryResult refuse(std::string why) { return {false, true, std::move(why)}; }
};

// Where an output sends entries (a webhook, a syslog collector): the one
// interface an output plugs in through, as Vector's sinks or Falco's
// outputs. deliver() is called from one thread at a time, in outbox order,
// and blocks until the receiver answered or a timeout passed; it must not
// throw. Retrying, ordering and dead-lettering are the dispatcher's.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual DeliveryResult deliver(const OutboxEntry& entry) = 0;
};

}  // namespace vigil::engine::outputs
