#pragma once

#include <string>

#include "engine/detect/rule_executor.hpp"
#include "engine/rules/rule_set.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/run_store.hpp"

namespace vigil::bench {

struct TimedRun {
  engine::RunRecord record;
  double seconds = 0;
};

// The built-in rules (rules/). Exits the process with the load errors
// printed when they do not load.
engine::RuleSet builtin_rules();

// Times one manual run of `rule_id` over `window`, as the API's _run does.
TimedRun run_rule(const engine::RuleSet& rules, engine::EventStore& events, engine::RunStore& runs,
                  const std::string& rule_id, engine::detect::RunWindow window);

}  // namespace vigil::bench
