#include "bench/bench_rule_run.hpp"

#include <cstdlib>
#include <iostream>

#include "bench/bench_support.hpp"
#include "engine/content/register_all.hpp"
#include "engine/detect/scheduler.hpp"
#include "engine/rules/rule_loader.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::bench {

engine::RuleSet builtin_rules() {
  // The built-in rules are measured with their content, as vigild runs them.
  engine::content::register_all(engine::detect::content_registry());
  auto loaded = engine::load_rule_directories({test::source_dir() / "rules"});
  if (!loaded.result.ok()) {
    std::cerr << loaded.result.to_string();
    std::exit(1);
  }
  return std::move(loaded.rules);
}

TimedRun run_rule(const engine::RuleSet& rules, engine::EventStore& events, engine::RunStore& runs,
                  const std::string& rule_id, engine::detect::RunWindow window) {
  engine::ManualClock clock{window.end};
  engine::detect::Scheduler scheduler{rules, events, runs, clock};
  const auto start = SteadyClock::now();
  auto record = scheduler.run_now(rule_id, window);
  return {std::move(record), seconds_since(start)};
}

}  // namespace vigil::bench
