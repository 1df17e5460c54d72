#include "bench/bench_rule_run.hpp"

#include <cstdlib>
#include <iostream>

#include "bench/bench_support.hpp"
#include "engine/detect/scheduler.hpp"
#include "engine/rules/rule_loader.hpp"
#include "tests/support/shared_data.hpp"

namespace vigil::bench {

TimedRun run_builtin_rule(engine::EventStore& events, engine::RunStore& runs, const std::string& rule_id,
                          engine::detect::RunWindow window) {
  auto loaded = engine::load_rule_directories({test::source_dir() / "rules"});
  if (!loaded.result.ok()) {
    std::cerr << loaded.result.to_string();
    std::exit(1);
  }
  engine::ManualClock clock{window.end};
  engine::detect::Scheduler scheduler{loaded.rules, events, runs, clock};
  const auto start = SteadyClock::now();
  auto record = scheduler.run_now(rule_id, window);
  return {std::move(record), seconds_since(start)};
}

}  // namespace vigil::bench
