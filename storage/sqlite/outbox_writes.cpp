#include "storage/sqlite/outbox_writes.hpp"

namespace vigil::storage {

void enqueue_alert_created(Connection& c, std::int64_t alert_seq, engine::TimeMs at) {
  c.prepare("INSERT INTO outbox (kind, alert_seq, at) VALUES ('created', ?1, ?2)").bind(1, alert_seq).bind(2, at).run();
}

void enqueue_alert_triaged(Connection& c, std::int64_t alert_seq, const nlohmann::json& change, engine::TimeMs at) {
  c.prepare("INSERT INTO outbox (kind, alert_seq, at, change) VALUES ('triaged', ?1, ?2, ?3)")
      .bind(1, alert_seq)
      .bind(2, at)
      .bind(3, change.dump())
      .run();
}

}  // namespace vigil::storage
