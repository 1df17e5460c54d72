#pragma once

#include "engine/schedule/rule_leases.hpp"

namespace vigil::engine {

// The leases of a vigild alone on its database (SQLite, which one process
// owns): every lease is granted and kept, and carries no fencing token, so
// runs commit as they always have. Thread-safe (holds no state).
class SingleNodeLeases final : public RuleLeases {
 public:
  std::optional<RuleLease> try_acquire(const std::string& rule_id) override { return RuleLease{rule_id, std::nullopt}; }
  bool renew(const RuleLease&) override { return true; }
  void release(const RuleLease&) override {}
};

}  // namespace vigil::engine
