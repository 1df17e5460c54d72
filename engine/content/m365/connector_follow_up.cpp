#include "engine/content/m365/connector_follow_up.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "engine/content/m365/connector_change.hpp"
#include "engine/content/m365/connector_change_index.hpp"
#include "engine/content/m365/connector_settings.hpp"
#include "engine/detect/aggregation_rows.hpp"

namespace vigil::engine::content::m365 {
namespace {

// Raised whenever which events read as connector changes changes
// (connector_change.hpp).
constexpr const char* kChangesVersion = "vigil-ingest-connector-changes/1";

std::optional<ConnectorChanges> connector_changes_of(const CompiledRule& rule, const analytics::AggregationSpec& spec) {
  auto read = read_connector_changes(rule.definition.extra, spec);
  auto* settings = std::get_if<std::optional<ConnectorChanges>>(&read);
  return settings ? std::move(*settings) : std::nullopt;
}

nlohmann::json listed(const std::vector<ConnectorChange>& changes) {
  auto list = nlohmann::json::array();
  for (const auto& change : changes) list.push_back(to_json(change));
  return list;
}

class ConnectorRun final : public detect::AggregationFollowUpRun, private detect::GroupValueFilter {
 public:
  ConnectorRun(const detect::AggregationRun& run, ConnectorChanges settings) : run_(run), settings_(std::move(settings)) {}

  void before_scan(TimeMs oldest_end, TimeMs last_end, std::set<TimeMs>& late) override {
    const auto& spec = run_.spec;
    const auto lookback = settings_.lookback;
    const auto query = detect::dataset_query(run_.rule, settings_.dataset, oldest_end - lookback, last_end - 1);
    const detect::RowSource source{nullptr, true, connector_changes_match_id(run_.rule.definition.rule_id)};
    detect::scan_rows(run_.events, run_.rule, query, source, [&](const detect::Row& row, TimeMs, TimeMs ingested) {
      auto change = read_connector_change(row.document);
      if (!change) return;
      // A change that arrived since the last run re-judges the bins it
      // bears on, where mail may have been stored long before it.
      if (ingested >= run_.window.start && ingested <= run_.window.end) {
        for (TimeMs t = change->time; t < std::min(change->time + lookback, last_end); t += spec.bin) {
          late.insert(analytics::bin_of(t, spec.bin).start);
        }
      }
      changes_.add(std::move(*change));
    });
  }

  const detect::GroupValueFilter* group_filter() const override { return settings_.required ? this : nullptr; }

  void enrich(const detect::FoundGroup& found, const analytics::Bin& bin, nlohmann::json& alert) const override {
    const auto name = found.object.value(settings_.field, std::string());
    const auto history = changes_.history(name, bin.end, settings_.lookback);
    alert["connector_changes"] = listed(history);
    alert["connector"] = connector_summary(name, history);
    alert["other_connector_changes"] = listed(changes_.others(name, bin.end, settings_.lookback, kMaxOtherConnectorChanges));
  }

 private:
  void restrict(std::string_view field, const analytics::Bin& bin,
                std::vector<std::string_view>& values) const override {
    if (field != settings_.field) return;
    std::erase_if(values, [&](std::string_view name) { return !changes_.changed(name, bin.end, settings_.lookback); });
  }

  const detect::AggregationRun& run_;
  const ConnectorChanges settings_;
  ConnectorChangeIndex changes_;
};

}  // namespace

std::string connector_changes_match_id(std::string_view rule_id) {
  return std::string(rule_id) + "#connector_changes";
}

// The spec was read with check_connector_changes registered, so the
// settings read without error here.
std::unique_ptr<detect::AggregationFollowUpRun> ConnectorFollowUp::start(const detect::AggregationRun& run) const {
  auto settings = connector_changes_of(run.rule, run.spec);
  if (!settings) return nullptr;
  return std::make_unique<ConnectorRun>(run, std::move(*settings));
}

std::optional<detect::IngestCandidates> ConnectorFollowUp::ingest_candidates(
    const CompiledRule& rule, const analytics::AggregationSpec& spec) const {
  const auto settings = connector_changes_of(rule, spec);
  if (!settings) return std::nullopt;
  return detect::IngestCandidates{connector_changes_match_id(rule.definition.rule_id), settings->dataset,
                                  kChangesVersion,
                                  [](const nlohmann::json& document) { return read_connector_change(document).has_value(); }};
}

}  // namespace vigil::engine::content::m365
