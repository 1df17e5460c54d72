#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::engine {

// The right to run one rule's scheduled windows, held by one node at a time.
struct RuleLease {
  std::string rule_id;
  // The fencing token a run commits with: the store refuses a commit whose
  // token is no longer the rule's current one, so a node that lost the lease
  // (paused, cut off) cannot commit a window another node now runs. Grows
  // with every acquisition of the rule. nullopt when there is nothing to
  // fence: one node alone on its database.
  std::optional<std::int64_t> token;
};

// Who runs each rule when several vigild share one database (docs/CLUSTER.md).
// A lease is taken for a rule's runs and kept by renewing it; one not
// renewed within its time to live expires, judged by the database's clock,
// and any node may then take it. The Scheduler takes and renews leases; the
// implementation decides what a node is and how long a lease lives.
// Implementations are thread-safe; calls may throw engine::StoreError.
class RuleLeases {
 public:
  virtual ~RuleLeases() = default;

  // Takes the rule's lease with a new token, when it is free, expired, or
  // held under this node's own name (a restart of it); nullopt while another
  // node holds it.
  virtual std::optional<RuleLease> try_acquire(const std::string& rule_id) = 0;
  // Extends the lease's life; false when it is no longer this node's (it
  // expired and another node took it: the token moved on).
  virtual bool renew(const RuleLease& lease) = 0;
  // Gives the lease up at once, so another node may take it without waiting
  // for it to expire. Nothing happens when it is no longer held.
  virtual void release(const RuleLease& lease) = 0;
};

}  // namespace vigil::engine
