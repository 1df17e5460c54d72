#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/outputs/outbox_entry.hpp"

namespace vigil::engine::outputs {

// Which outbox entries one output delivers. Set members combine with AND,
// values inside one list with OR; an empty list selects everything.
struct OutputFilter {
  std::vector<std::string> rule_ids;
  std::optional<std::string> min_severity;  // low | medium | high | critical
  // "T1098" selects alerts tagged T1098 or any T1098.xxx; "T1098.002" only that.
  std::vector<std::string> techniques;
  std::vector<std::string> statuses;  // the alert's status when delivered: open | acknowledged | closed
  bool triage_changes = false;        // deliver alert.triaged entries too

  bool matches(const OutboxEntry& entry) const;
};

// The rank of a severity (low 1 .. critical 4); 0 for anything else.
int severity_rank(const std::string& severity);

}  // namespace vigil::engine::outputs
