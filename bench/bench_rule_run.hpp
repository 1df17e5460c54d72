#pragma once

#include <string>

#include "engine/detect/rule_executor.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/run_store.hpp"

namespace vigil::bench {

struct TimedRun {
  engine::RunRecord record;
  double seconds = 0;
};

// Loads the built-in rules and times one manual run of `rule_id` over
// `window`, as the API's _run does. Exits the process with the load
// errors printed when the rules do not load.
TimedRun run_builtin_rule(engine::EventStore& events, engine::RunStore& runs, const std::string& rule_id,
                          engine::detect::RunWindow window);

}  // namespace vigil::bench
