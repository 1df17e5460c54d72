#include "daemon/rule_reloader.hpp"

#include <spdlog/spdlog.h>

#include "config/config_loader.hpp"
#include "engine/detect/ingest_matching.hpp"

namespace vigil::daemon {
namespace {

std::filesystem::path builtin_rules_dir() {
  // Installed: <prefix>/bin/vigild next to <prefix>/share/vigil/rules.
  // From a build tree: the source tree's rules/.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share/vigil/rules";
    if (std::filesystem::is_directory(installed)) return installed;
  }
  return VIGIL_SOURCE_RULES_DIR;
}

std::size_t enabled_count(const engine::RuleSet& rules) {
  std::size_t enabled = 0;
  for (const auto& r : rules.rules()) enabled += r.definition.enabled ? 1 : 0;
  return enabled;
}

}  // namespace

engine::LoadedRules load_configured_rules(const config::RulesOptions& options) {
  std::vector<std::filesystem::path> dirs = options.dirs;
  if (dirs.empty()) dirs.push_back(builtin_rules_dir());
  auto loaded = engine::load_rule_directories(
      dirs, std::unordered_set<std::string>(options.disabled.begin(), options.disabled.end()),
      std::unordered_map<std::string, nlohmann::json>(options.overrides.begin(), options.overrides.end()));
  for (const auto& w : loaded.result.warnings()) spdlog::warn("rules: {}", w.to_string());
  for (const auto& e : loaded.result.errors()) spdlog::error("rules: {}", e.to_string());
  std::string where;
  for (const auto& d : dirs) where += (where.empty() ? "" : ", ") + d.string();
  if (loaded.result.ok())
    spdlog::info("rules: {} loaded ({} enabled) from {}", loaded.rules.size(), enabled_count(loaded.rules), where);
  return loaded;
}

api::RuleReloadOutcome RuleReloader::reload() {
  std::lock_guard serialized(reloading_);
  api::RuleReloadOutcome outcome;
  engine::LoadedRules loaded;
  try {
    loaded = load_configured_rules(read_options_());
  } catch (const config::ConfigError& e) {
    // The message already names the file, line and key.
    outcome.result.add_error(engine::LoadCode::kInvalidValue, {}, std::string("configuration: ") + e.what());
    spdlog::error("rules: reload refused: configuration: {}", e.what());
    return outcome;
  }
  outcome.result = std::move(loaded.result);
  if (!outcome.result.ok()) {
    spdlog::error("rules: reload refused: {} error(s); the rules loaded before keep running",
                  outcome.result.errors().size());
    return outcome;
  }
  auto rules = std::make_shared<const engine::RuleSet>(std::move(loaded.rules));
  auto matcher = std::make_unique<engine::detect::IngestMatcher>(*rules);
  std::vector<std::string> restarted;
  auto& t = targets_;
  t.scheduler.replace_rules(rules, [&] {
    t.pipeline.replace_matcher(matcher.get(), [&] {
      restarted = engine::detect::begin_ingest_matching(t.events.rule_matches(), matcher->versions());
    });
    t.metrics.set_rules(rules);
  });
  t.matcher.swap(matcher);  // the old matcher is unused now: freed on return
  t.scheduler_thread.wake();  // new rules are due at once
  for (const auto& id : restarted)
    spdlog::info("rules: {} is new or changed: its runs scan the events stored before now, then read its matches",
                 id);
  outcome.rules = rules->size();
  outcome.enabled = enabled_count(*rules);
  spdlog::info("rules: reloaded, {} rules ({} enabled) now running, {} matched at ingest", outcome.rules,
               outcome.enabled, t.matcher->versions().size());
  return outcome;
}

}  // namespace vigil::daemon
