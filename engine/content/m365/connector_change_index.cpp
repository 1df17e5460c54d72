#include "engine/content/m365/connector_change_index.hpp"

#include <algorithm>

#include "engine/analytics/column.hpp"

namespace vigil::engine::content::m365 {
namespace {

bool in_lookback(const ConnectorChange& change, TimeMs end, TimeMs lookback) {
  return change.time >= end - lookback && change.time < end;
}

// A rename chain longer than this is a loop (A -> B -> A) or noise.
constexpr int kMaxRenames = 16;

}  // namespace

void ConnectorChangeIndex::add(ConnectorChange change) {
  const auto at = changes_.size();
  by_name_[analytics::lowercase(change.name)].push_back(at);
  if (change.renamed_to) by_name_[analytics::lowercase(*change.renamed_to)].push_back(at);
  changes_.push_back(std::move(change));
}

std::vector<std::size_t> ConnectorChangeIndex::chain(std::string_view name, TimeMs end, TimeMs lookback) const {
  std::vector<std::size_t> found;
  std::vector<std::string> names{analytics::lowercase(name)};
  for (std::size_t n = 0; n < names.size() && n < kMaxRenames; ++n) {
    const auto it = by_name_.find(names[n]);
    if (it == by_name_.end()) continue;
    for (const auto at : it->second) {
      const auto& change = changes_[at];
      if (!in_lookback(change, end, lookback) || std::find(found.begin(), found.end(), at) != found.end()) continue;
      found.push_back(at);
      // Renamed to this name: the changes made under the old name are this connector's too.
      if (change.renamed_to && analytics::lowercase(*change.renamed_to) == names[n]) {
        const auto old_name = analytics::lowercase(change.name);
        if (std::find(names.begin(), names.end(), old_name) == names.end()) names.push_back(old_name);
      }
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [&](std::size_t a, std::size_t b) { return changes_[a].time < changes_[b].time; });
  return found;
}

bool ConnectorChangeIndex::changed(std::string_view name, TimeMs end, TimeMs lookback) const {
  const auto it = by_name_.find(analytics::lowercase(name));
  return it != by_name_.end() &&
         std::any_of(it->second.begin(), it->second.end(),
                     [&](std::size_t at) { return in_lookback(changes_[at], end, lookback); });
}

std::vector<ConnectorChange> ConnectorChangeIndex::history(std::string_view name, TimeMs end, TimeMs lookback) const {
  std::vector<ConnectorChange> found;
  for (const auto at : chain(name, end, lookback)) found.push_back(changes_[at]);
  return found;
}

std::vector<ConnectorChange> ConnectorChangeIndex::others(std::string_view name, TimeMs end, TimeMs lookback,
                                                          std::size_t limit) const {
  const auto own = chain(name, end, lookback);
  std::vector<std::size_t> other;
  for (std::size_t at = 0; at < changes_.size(); ++at) {
    if (in_lookback(changes_[at], end, lookback) && std::find(own.begin(), own.end(), at) == own.end()) {
      other.push_back(at);
    }
  }
  std::stable_sort(other.begin(), other.end(),
                   [&](std::size_t a, std::size_t b) { return changes_[a].time > changes_[b].time; });
  std::vector<ConnectorChange> found;
  for (std::size_t i = 0; i < other.size() && i < limit; ++i) found.push_back(changes_[other[i]]);
  return found;
}

nlohmann::json connector_summary(std::string_view name, const std::vector<ConnectorChange>& history) {
  nlohmann::json created = nullptr;
  for (const auto& change : history) {
    if (analytics::lowercase(change.operation).starts_with("new-")) {
      created = format_timestamp(change.time);
      break;
    }
  }
  nlohmann::json last = nullptr;
  if (!history.empty()) {
    const auto change = to_json(history.back());
    last = {{"time", change["time"]}, {"operation", change["operation"]}, {"actor", change["actor"]},
            {"ip", change["ip"]}};
  }
  return {{"name", name}, {"created", created}, {"last_change", last}};
}

}  // namespace vigil::engine::content::m365
