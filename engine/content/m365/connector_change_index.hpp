#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/content/m365/connector_change.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::content::m365 {

// The connector operations a run read, found by connector name.
//
// Exchange names are case-insensitive, and so are the lookups. A rename
// (Set-*Connector -Identity Old -Name New) is found under both names: mail
// before it carries the old name in EmailEvents' Connectors, mail after it
// the new one, and both must count as mail through a changed connector.
// A change counts for a bin ending at `end` when its time is in
// [end - lookback, end). Not thread-safe to fill; const lookups are.
class ConnectorChangeIndex {
 public:
  void add(ConnectorChange change);

  // Whether `name` (or what it was renamed from) changed in the lookback.
  bool changed(std::string_view name, TimeMs end, TimeMs lookback) const;

  // The connector's changes in the lookback, oldest first, including those
  // made under the names it had before a rename in the lookback (so its
  // New-* shows however often it was renamed since).
  std::vector<ConnectorChange> history(std::string_view name, TimeMs end, TimeMs lookback) const;

  // Changes of every other connector in the lookback, newest first, at
  // most `limit` of them: the playbook's "other suspicious activities
  // across other connectors".
  std::vector<ConnectorChange> others(std::string_view name, TimeMs end, TimeMs lookback, std::size_t limit) const;

 private:
  // The indices of `name`'s changes in the lookback and of the changes of
  // the names it was renamed from, each once, in time order.
  std::vector<std::size_t> chain(std::string_view name, TimeMs end, TimeMs lookback) const;

  std::vector<ConnectorChange> changes_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_;  // lowercased name -> changes_ indices
};

// The alert's `connector` summary of a connector's history (oldest first):
// {"name", "created": time of its New-* in the history or null (created
// before the lookback), "last_change": {"time", "operation", "actor", "ip"}
// or null}. The last changer is the admin to ask first.
nlohmann::json connector_summary(std::string_view name, const std::vector<ConnectorChange>& history);

}  // namespace vigil::engine::content::m365
