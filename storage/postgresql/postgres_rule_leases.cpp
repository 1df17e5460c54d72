#include "storage/postgresql/postgres_rule_leases.hpp"

#include "engine/store/store_error.hpp"

namespace vigil::storage::postgresql {

std::optional<engine::RuleLease> PostgresRuleLeases::try_acquire(const std::string& rule_id) {
  // One statement, so two nodes racing for a free or expired lease are
  // ordered by the row lock: the second finds it held and gets no row back.
  const auto taken = pool_.with([&](Connection& c) {
    return c.query(
        "INSERT INTO rule_leases AS l (rule_id, holder, token, expires_at) "
        "VALUES ($1, $2, 1, now() + $3::float8 * interval '1 millisecond') "
        "ON CONFLICT (rule_id) DO UPDATE SET holder = excluded.holder, token = l.token + 1, "
        "expires_at = excluded.expires_at "
        "WHERE l.expires_at <= now() OR l.holder = excluded.holder RETURNING token",
        Params().add_text(rule_id).add_text(node_id_).add(ttl_ms_));
  });
  if (taken.rows() == 0) return std::nullopt;
  return engine::RuleLease{rule_id, taken.int8(0, 0)};
}

bool PostgresRuleLeases::renew(const engine::RuleLease& lease) {
  // The token, not the expiry, decides: a lease that expired unnoticed and
  // that nobody took is still this node's to extend.
  const auto renewed = pool_.with([&](Connection& c) {
    return c.query(
        "UPDATE rule_leases SET expires_at = now() + $4::float8 * interval '1 millisecond' "
        "WHERE rule_id = $1 AND holder = $2 AND token = $3 RETURNING 1",
        Params().add_text(lease.rule_id).add_text(node_id_).add(lease.token.value_or(0)).add(ttl_ms_));
  });
  return renewed.rows() == 1;
}

void PostgresRuleLeases::release(const engine::RuleLease& lease) {
  pool_.with([&](Connection& c) {
    c.query("UPDATE rule_leases SET expires_at = now() WHERE rule_id = $1 AND holder = $2 AND token = $3",
            Params().add_text(lease.rule_id).add_text(node_id_).add(lease.token.value_or(0)));
  });
}

void check_lease_fence(Connection& c, const std::string& rule_id, std::int64_t token) {
  const auto current =
      c.query("SELECT token, holder FROM rule_leases WHERE rule_id = $1 FOR SHARE", Params().add_text(rule_id));
  if (current.rows() == 1 && current.int8(0, 0) == token) return;
  throw engine::StoreError(
      "rule " + rule_id + ": the run's lease (token " + std::to_string(token) + ") is no longer current: " +
          (current.rows() == 0 ? std::string("no lease is recorded")
                               : "node " + std::string(current.bytes(0, 1)) + " holds it with token " +
                                     std::to_string(current.int8(0, 0))) +
          "; the window is left to that node",
      engine::StoreErrorKind::kFailed);
}

}  // namespace vigil::storage::postgresql
