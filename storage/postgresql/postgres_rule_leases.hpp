#pragma once

#include <cstdint>
#include <string>

#include "engine/schedule/rule_leases.hpp"
#include "storage/postgresql/connection_pool.hpp"

namespace vigil::storage::postgresql {

// Rule leases in the rule_leases table (migration 5), for several vigild on
// one database (docs/CLUSTER.md). Expiry is judged by the server's clock
// (now()), never a node's, so nodes whose clocks disagree still agree on
// who holds a lease. Each acquisition raises the rule's token by one; a run
// commits under it (fence), so a node that lost the lease while paused or
// cut off has its commit refused instead of storing a window twice.
// The schema must be migrated. Thread-safe.
class PostgresRuleLeases final : public engine::RuleLeases {
 public:
  // `node_id` names this node as holder; a lease lives `ttl_ms` from its
  // acquisition or last renewal.
  PostgresRuleLeases(ConnectionPool& pool, std::string node_id, std::int64_t ttl_ms)
      : pool_(pool), node_id_(std::move(node_id)), ttl_ms_(ttl_ms) {}

  std::optional<engine::RuleLease> try_acquire(const std::string& rule_id) override;
  bool renew(const engine::RuleLease& lease) override;
  void release(const engine::RuleLease& lease) override;

 private:
  ConnectionPool& pool_;
  const std::string node_id_;
  const std::int64_t ttl_ms_;
};

// Inside a run's commit transaction: throws engine::StoreError (kFailed)
// unless `token` is still the rule's current lease token, and holds the
// lease row until the transaction ends, so no other node takes the lease
// (and reads the rule's last window end) while the commit is under way.
// A lease that expired but was taken by nobody still fences nothing off:
// no other run can have committed under a newer token.
void check_lease_fence(Connection& c, const std::string& rule_id, std::int64_t token);

}  // namespace vigil::storage::postgresql
