#include "storage/postgresql/outbox_writes.hpp"

namespace vigil::storage::postgresql {
namespace {

// The outbox lock's advisory key: "vigilo" in ASCII, clear of the
// migrations' and of other applications' on a shared server.
constexpr const char* kOutboxLock = "130195078605935";

}  // namespace

void lock_outbox(Connection& c) { c.exec(std::string("SELECT pg_advisory_xact_lock(") + kOutboxLock + ")"); }

void enqueue_alerts_triaged(Connection& c, std::span<const TriagedEntry> entries, engine::TimeMs at) {
  if (entries.empty()) return;
  ArrayParam seqs(PgType::kInt8), changes(PgType::kText);
  for (const auto& entry : entries) seqs.push(entry.alert_seq), changes.push(entry.change.dump());
  c.query(
      "INSERT INTO outbox (kind, alert_seq, at, change) SELECT 'triaged', s, $3, c FROM unnest($1::int8[], "
      "$2::text[]) WITH ORDINALITY AS u(s, c, ord) ORDER BY ord",
      Params().add(seqs).add(changes).add(at));
}

}  // namespace vigil::storage::postgresql
