#include "engine/detect/alert_episodes.hpp"

#include <algorithm>
#include <numeric>

#include "engine/analytics/alert_summary.hpp"
#include "engine/detect/sha256.hpp"

namespace vigil::engine::detect {
namespace {

struct Episode {
  nlohmann::json key;
  std::string id;
  TimeMs first = 0;              // the first follow-up when the alert was opened
  nlohmann::json stored_bursts;  // null for an alert this run opens
  std::vector<nlohmann::json> fresh;
  const Alert* part = nullptr;  // one of the fresh bursts' alerts
};

std::string episode_id(std::string_view rule_id, const nlohmann::json& key, TimeMs first) {
  std::string text(rule_id);
  text.append("\n").append(key.dump()).append("\n").append(std::to_string(first));
  return sha256_hex(text);
}

// The stored summary alerts that bursts at `from`..`to` may join. Alerts
// without first_success (per-bin alerts of an earlier version of the rule)
// are left alone.
std::vector<Episode> stored_episodes(const RuleDefinition& rule, TimeMs from, TimeMs to, RunStore& runs) {
  std::vector<Episode> episodes;
  for (auto& doc : runs.alerts().alerts_between(rule.rule_id, from, to)) {
    const auto first = doc.contains("first_success")
                           ? parse_timestamp(doc["first_success"].value("time", std::string()))
                           : std::nullopt;
    if (!first || !doc.contains("bursts")) continue;
    episodes.push_back({doc["group"], doc["id"], *first, std::move(doc["bursts"]), {}, nullptr});
  }
  return episodes;
}

}  // namespace

std::vector<Alert> fold_into_episodes(const RuleDefinition& rule, const analytics::AggregationSpec& spec,
                                      std::vector<Alert> parts, const std::vector<std::int64_t>& successes,
                                      RunStore& runs) {
  if (parts.empty()) return parts;
  std::vector<nlohmann::json> bursts;
  for (std::size_t i = 0; i < parts.size(); ++i) bursts.push_back(analytics::burst_of(parts[i].document, successes[i]));
  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return analytics::success_time(bursts[a]) < analytics::success_time(bursts[b]);
  });

  auto episodes = stored_episodes(rule, analytics::success_time(bursts[order.front()]) - spec.lookback,
                                  analytics::success_time(bursts[order.back()]) + spec.lookback, runs);
  for (const auto i : order) {
    const auto key = analytics::summary_key(spec, parts[i].document);
    const TimeMs t = analytics::success_time(bursts[i]);
    auto found = std::find_if(episodes.begin(), episodes.end(), [&](const Episode& e) {
      return e.key == key && t >= e.first - spec.lookback && t <= e.first + spec.lookback;
    });
    if (found == episodes.end()) {
      episodes.push_back({key, episode_id(rule.rule_id, key, t), t, nullptr, {}, nullptr});
      found = std::prev(episodes.end());
    }
    found->fresh.push_back(std::move(bursts[i]));
    if (found->part == nullptr) found->part = &parts[i];
  }

  std::vector<Alert> alerts;
  for (auto& episode : episodes) {
    if (episode.fresh.empty()) continue;
    alerts.push_back(analytics::summary_alert(rule, spec, episode.key,
                                              analytics::merge_bursts(episode.stored_bursts, episode.fresh),
                                              *episode.part, episode.id));
  }
  return alerts;
}

}  // namespace vigil::engine::detect
