#include "engine/detect/aggregation_executor.hpp"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>

#include "engine/analytics/aggregation_evidence.hpp"
#include "engine/analytics/bin_plan.hpp"
#include "engine/analytics/column.hpp"
#include "engine/analytics/column_row.hpp"
#include "engine/analytics/connector_change.hpp"
#include "engine/analytics/connector_change_index.hpp"
#include "engine/analytics/group_facts.hpp"
#include "engine/analytics/mail_checks.hpp"
#include "engine/analytics/row_values.hpp"
#include "engine/detect/alert_episodes.hpp"
#include "engine/detect/eql_executor.hpp"
#include "engine/detect/ingest_matcher.hpp"
#include "engine/detect/message_indicator_scan.hpp"
#include "engine/detect/sha256.hpp"
#include "engine/event/json_parse.hpp"

namespace vigil::engine::detect {
namespace {

using analytics::AggregationSpec;
using analytics::Bin;
using analytics::ConnectorChangeIndex;
using analytics::GroupFacts;

// A follow-up candidate: its time, and its `same` fields' values.
struct FollowUp {
  TimeMs time;
  std::vector<std::string> key;
  nlohmann::json row;
};

// A group: its values only as their key (encode_values), as most groups
// never reach the threshold and their values are never asked for.
struct Group {
  std::string_view key;  // in a scan's pool
  GroupFacts facts;
};

// One bin's groups, found by their values (encode_values). The index is
// kept apart from the groups, and its keys in a pool, so that the lookup
// every row makes touches small nodes: a run's groups outgrow the caches.
struct BinGroups {
  absl::flat_hash_map<std::string_view, std::uint32_t> index;
  std::vector<Group> groups;

  // The group keyed `key`, made by `make(kept)` when new, `kept` the copy
  // of its key kept in `pool`.
  template <typename Make>
  Group& find_or_add(std::string_view key, analytics::StringPool& pool, Make make) {
    if (const auto found = index.find(key); found != index.end()) return groups[found->second];
    const auto kept = pool.keep(key);
    index.emplace(kept, static_cast<std::uint32_t>(groups.size()));
    return groups.emplace_back(make(kept));
  }
};

// Groups by bin start.
using Groups = std::map<TimeMs, BinGroups>;

// A stored row as a run reads it: its columns, and the parsed document only
// when the rule has a filter, a follow-up or exceptions, which may name any
// field (otherwise the document is null).
struct Row {
  analytics::ColumnRow columns;
  nlohmann::json document;
};

// What one row's grouping reuses from the row before, so that a row that
// joins existing groups allocates nothing.
struct GroupingScratch {
  std::vector<std::vector<std::string_view>> choices;  // per group-by field, the row's values
  std::vector<std::string_view> values;                // one group's values, a field at a time
  std::string key;
};

EventQuery dataset_query(const CompiledRule& rule, std::string dataset, TimeMs start, TimeMs end) {
  EventQuery query;
  for (const auto& pattern : rule.definition.index) {
    if (!pattern.starts_with('-')) query.index_patterns.push_back(pattern);
  }
  query.start = start;
  query.end = end;
  query.dataset = std::move(dataset);
  return query;
}

// How a run reads its rows: as the column values recorded at ingest
// (`recorded`, the columns they hold), else as stored documents, parsed into
// a value too when `parse_document`: the candidates recorded under
// `candidates_of` when set, else every event of the query.
struct RowSource {
  const std::vector<std::string>* recorded = nullptr;
  bool parse_document = false;
  std::string candidates_of;
};

// Reads every stored row of `query` that is a JSON object, or was recorded
// at ingest, with its time and arrival (0 for recorded values).
template <typename Visit>
void scan_rows(EventStore& events, const CompiledRule& rule, const EventQuery& query, const RowSource& source,
               Visit visit) {
  Row row;
  const auto read = [&](const StoredEvent& event) {
    if (!event.timestamp) return true;
    row.document = nullptr;
    if (event.values) {
      // Recorded by this version of the rule (its fingerprint covers the columns).
      if (!row.columns.assign_values(*source.recorded, *event.values)) return true;
    } else {
      if (!rule.indices.selects(event.index)) return true;
      if (source.parse_document || !row.columns.assign_document(event.document)) {
        row.document = parse_json(event.document, /*allow_exceptions=*/false);
        if (!row.document.is_object()) return true;
        row.columns.assign(row.document);
      }
    }
    visit(row, *event.timestamp, event.ingested);
    return true;
  };
  if (source.recorded != nullptr) {
    events.rule_matches().scan_rule_values(rule.definition.rule_id, query, read);
  } else if (!source.candidates_of.empty()) {
    events.rule_matches().scan_rule_candidates(source.candidates_of, query, read);
  } else {
    events.scan(query, read);
  }
}

bool passes_row_tests(const AggregationSpec& spec, const Row& row) {
  for (const auto& column : spec.non_empty) {
    if (!row.columns.text(column)) return false;
  }
  for (const auto check : spec.checks) {
    if (!analytics::passes(row.columns, check)) return false;
  }
  return !spec.filter || spec.filter->matches(row.document);
}

// Calls `visit(values)` for every combination of one value per field.
template <typename Visit>
void for_each_combination(GroupingScratch& scratch, Visit& visit) {
  if (scratch.values.size() == scratch.choices.size()) {
    visit(scratch.values);
    return;
  }
  for (const auto value : scratch.choices[scratch.values.size()]) {
    scratch.values.push_back(value);
    for_each_combination(scratch, visit);
    scratch.values.pop_back();
  }
}

// Calls `visit(values)` for each group a row belongs to: one value per
// group-by field, or one per entry of a multi-valued field. A missing value
// groups as "", as KQL's summarize does.
template <typename Visit>
void for_each_group(const AggregationSpec& spec, const analytics::ColumnRow& row, const Bin& bin,
                    const ConnectorChangeIndex& changes, GroupingScratch& scratch, Visit visit) {
  scratch.choices.resize(spec.group_by.size());
  for (std::size_t i = 0; i < spec.group_by.size(); ++i) {
    const auto& field = spec.group_by[i];
    const auto text = row.text(field).value_or("");
    auto& values = scratch.choices[i];
    const bool multi = std::find(spec.multi_valued.begin(), spec.multi_valued.end(), field) != spec.multi_valued.end();
    if (multi) {
      values = analytics::split_list(text);
    } else {
      values.assign(1, text);
    }
    if (spec.connector_changes && spec.connector_changes->required && spec.connector_changes->field == field) {
      std::erase_if(values, [&](std::string_view name) {
        return !changes.changed(name, bin.end, spec.connector_changes->lookback);
      });
    }
  }
  scratch.values.clear();
  for_each_combination(scratch, visit);
}

// The group's values as one key: each as "<size>:<text>".
void encode_values(const std::vector<std::string_view>& values, std::string& key) {
  key.clear();
  for (const auto value : values) key.append(std::to_string(value.size())).append(":").append(value);
}

// {"<group_by field>": value, ...} for the values encoded in `key`.
nlohmann::json group_object(const AggregationSpec& spec, std::string_view key) {
  auto object = nlohmann::json::object();
  for (const auto& field : spec.group_by) {
    const auto colon = key.find(':');
    const auto size = std::stoul(std::string(key.substr(0, colon)));
    object[field] = key.substr(colon + 1, size);
    key.remove_prefix(colon + 1 + size);
  }
  return object;
}

std::vector<std::string> follow_key(const std::vector<std::string>& fields, const analytics::ColumnRow& source) {
  std::vector<std::string> key;
  for (const auto& field : fields) key.emplace_back(source.text(field).value_or(""));
  return key;
}

// The follow-ups within [last, last + within] sharing the group's `same`
// values, earliest first (`candidates` are in time order).
std::vector<const FollowUp*> follow_ups_for(const AggregationSpec& spec, const std::vector<FollowUp>& candidates,
                                            const nlohmann::json& object, const Group& group) {
  const auto key = follow_key(spec.followed_by->same, analytics::ColumnRow(object));
  const TimeMs last = group.facts.last();
  std::vector<const FollowUp*> found;
  for (const auto& candidate : candidates) {
    if (candidate.time >= last && candidate.time <= last + spec.followed_by->within && candidate.key == key) {
      found.push_back(&candidate);
    }
  }
  return found;
}

// What one thread's scans gathered. Its groups hold views into its pools,
// which therefore go wherever the groups go.
struct Scan {
  Groups groups;
  std::vector<FollowUp> follow_ups;
  std::uint64_t scanned = 0;
  std::uint64_t matches = 0;
  std::uint64_t excepted = 0;
  std::vector<std::unique_ptr<analytics::StringPool>> pools;

  // The pool this scan's rows and groups keep their texts in.
  analytics::StringPool& pool() {
    if (pools.empty()) pools.push_back(std::make_unique<analytics::StringPool>());
    return *pools.front();
  }

  // The rows of the group keyed `key` in bin `bin_start`; 0 for none.
  std::int64_t rows_of(TimeMs bin_start, std::string_view key) const {
    const auto bin = groups.find(bin_start);
    if (bin == groups.end()) return 0;
    const auto found = bin->second.index.find(key);
    return found == bin->second.index.end() ? 0 : bin->second.groups[found->second].facts.rows();
  }

  // Takes in the other threads' scans. Only groups whose rows in all scans
  // together meet the threshold can alert (the metric never exceeds the
  // rows), so only their facts are merged: most of a run's groups are
  // small, and merging every group's facts cost a fifth of the run.
  void merge(std::vector<Scan>&& others, const AggregationSpec& spec) {
    for (std::size_t i = 0; i < others.size(); ++i) merge_from(others, i, spec);
  }

 private:
  // Takes in others[i], the scans before it already taken in.
  void merge_from(std::vector<Scan>& others, std::size_t i, const AggregationSpec& spec) {
    auto& other = others[i];
    for (auto& [bin_start, other_groups] : other.groups) {
      auto& bin_groups = groups[bin_start];
      for (const auto& [key, at] : other_groups.index) {
        std::int64_t rows = rows_of(bin_start, key);
        for (std::size_t j = i; j < others.size(); ++j) rows += others[j].rows_of(bin_start, key);
        if (!spec.meets_threshold(rows)) continue;
        auto& group = other_groups.groups[at];
        bool added = false;
        auto& mine = bin_groups.find_or_add(key, pool(), [&](std::string_view) {
          added = true;
          return std::move(group);
        });
        if (!added) mine.facts.merge(std::move(group.facts));
      }
    }
    follow_ups.insert(follow_ups.end(), std::make_move_iterator(other.follow_ups.begin()),
                      std::make_move_iterator(other.follow_ups.end()));
    scanned += other.scanned;
    matches += other.matches;
    excepted += other.excepted;
    std::move(other.pools.begin(), other.pools.end(), std::back_inserter(pools));
  }
};

// Scans the rows of `query` (a slice of the rule's dataset over the bins)
// into `scan`, grouping those before `bins_end`.
void scan_into(Scan& scan, EventStore& events, const CompiledRule& rule, const AggregationSpec& spec,
               const ConnectorChangeIndex& changes, const RowSource& source, const EventQuery& query, TimeMs bins_end) {
  auto& pool = scan.pool();
  GroupingScratch scratch;
  scan_rows(events, rule, query, source, [&](const Row& row, TimeMs t, TimeMs) {
    ++scan.scanned;
    if (spec.followed_by && spec.followed_by->filter->matches(row.document)) {
      scan.follow_ups.push_back({t, follow_key(spec.followed_by->same, row.columns), row.document});
    }
    if (t >= bins_end || !passes_row_tests(spec, row)) return;
    ++scan.matches;
    if (!rule.exceptions.empty() && rule.exceptions.excepts(row.document)) {
      ++scan.excepted;
      return;
    }
    const auto bin = analytics::bin_of(t, spec.bin);
    auto& bin_groups = scan.groups[bin.start];
    for_each_group(spec, row.columns, bin, changes, scratch, [&](const std::vector<std::string_view>& values) {
      encode_values(values, scratch.key);
      bin_groups.find_or_add(scratch.key, pool, [&](std::string_view kept) { return Group{kept, GroupFacts(pool)}; })
          .facts.add(row.columns, t, spec);
    });
  });
}

// A piece of a scan: rows timed in [first, last], grouped when before bins_end.
struct Slice {
  TimeMs first;
  TimeMs last;
  TimeMs bins_end;
};

// The spans (analytics::scan_spans), each read on `follow` past its end,
// cut into about `count` slices in all.
std::vector<Slice> plan_slices(const std::vector<Bin>& spans, TimeMs follow, TimeMs count) {
  TimeMs total = 0;
  for (const auto& span : spans) total += span.end - span.start + follow;
  const TimeMs length = std::max<TimeMs>(1, (total + count - 1) / count);
  std::vector<Slice> slices;
  for (const auto& span : spans) {
    const TimeMs last = span.end - 1 + follow;
    for (TimeMs first = span.start; first <= last; first += length) {
      slices.push_back({first, std::min(last, first + length - 1), span.end});
    }
  }
  return slices;
}

}  // namespace

std::string aggregation_alert_id(std::string_view rule_id, const nlohmann::json& group, TimeMs bin_start) {
  std::string key(rule_id);
  key.append("\n").append(group.dump()).append("\n").append(std::to_string(bin_start));
  return sha256_hex(key);
}

std::shared_ptr<const AggregationSpec> AggregationExecutor::spec_for(const CompiledRule& rule) {
  std::lock_guard lock(specs_mutex_);
  auto& cached = specs_[rule.definition.rule_id];
  if (!cached.spec || cached.settings != rule.definition.extra) {
    auto read = analytics::read_aggregation_spec(rule.definition.extra);
    if (const auto* error = std::get_if<std::string>(&read)) {
      specs_.erase(rule.definition.rule_id);
      throw std::invalid_argument("invalid aggregation settings: " + *error);
    }
    cached = {rule.definition.extra,
              std::make_shared<const AggregationSpec>(std::move(std::get<AggregationSpec>(read)))};
  }
  return cached.spec;
}

std::vector<Alert> AggregationExecutor::execute(const CompiledRule& rule, const RunWindow& window, TimeMs created_at,
                                                RunRecord& run) {
  const auto spec_ptr = spec_for(rule);
  const auto& spec = *spec_ptr;
  const auto planned = analytics::bins_to_evaluate(window.start, window.end, created_at, spec);
  const TimeMs last_end = analytics::last_complete_end(window.end, created_at, spec);
  const TimeMs oldest_end = std::min(planned.empty() ? last_end : planned.front().end, created_at - spec.lookback);

  // What arrived since the last run (the window, on event.ingested) puts
  // its bins back on the plan, however late it came (docs/RULES.md,
  // "Late-arriving data").
  // Kept as bin starts: an hour's arrivals are a million times in a few bins.
  std::set<TimeMs> late;
  auto arrivals = dataset_query(rule, spec.dataset, window.start, window.end);
  arrivals.time_field = TimeField::kIngested;
  events_.scan_times(arrivals, [&](TimeMs t) {
    late.insert(analytics::bin_of(t, spec.bin).start);
    return true;
  });

  ConnectorChangeIndex changes;
  if (spec.connector_changes) {
    const auto lookback = spec.connector_changes->lookback;
    const auto query = dataset_query(rule, spec.connector_changes->dataset, oldest_end - lookback, last_end - 1);
    const RowSource source{nullptr, true, connector_changes_match_id(rule.definition.rule_id)};
    scan_rows(events_, rule, query, source, [&](const Row& row, TimeMs, TimeMs ingested) {
      auto change = analytics::read_connector_change(row.document);
      if (!change) return;
      // A change that arrived since the last run re-judges the bins it
      // bears on, where mail may have been stored long before it.
      if (ingested >= window.start && ingested <= window.end) {
        for (TimeMs t = change->time; t < std::min(change->time + lookback, last_end); t += spec.bin) {
          late.insert(analytics::bin_of(t, spec.bin).start);
        }
      }
      changes.add(std::move(*change));
    });
  }
  const auto bins = analytics::with_late_bins(planned, {late.begin(), late.end()}, window.end, created_at, spec);
  if (bins.empty()) return {};

  // Parsing a million rows is the run's cost, and it divides: threads take
  // slices of the spans read (small ones, as rows cluster in time) in turn,
  // and their findings are merged.
  // Exceptions may name any field, so with them the run reads documents
  // even where the matcher recorded values.
  const auto recorded = rule.exceptions.empty() ? analytics::recorded_columns(spec) : std::nullopt;
  const RowSource source{recorded ? &*recorded : nullptr,
                         spec.filter || spec.followed_by || !rule.exceptions.empty(), {}};
  const TimeMs follow = spec.followed_by ? spec.followed_by->within : 0;
  const auto threads = std::max(1U, scan_threads_);
  const auto slices = plan_slices(analytics::scan_spans(bins, follow), follow, threads == 1 ? 1 : TimeMs{8} * threads);
  std::atomic<std::size_t> next_slice{0};
  const auto scan_slices = [&] {
    Scan mine;
    for (std::size_t i = next_slice++; i < slices.size(); i = next_slice++) {
      const auto& slice = slices[i];
      scan_into(mine, events_, rule, spec, changes, source, dataset_query(rule, spec.dataset, slice.first, slice.last),
                slice.bins_end);
    }
    return mine;
  };
  std::vector<std::future<Scan>> helpers;
  for (unsigned i = 1; i < threads; ++i) helpers.push_back(std::async(std::launch::async, scan_slices));
  auto scan = scan_slices();
  std::vector<Scan> others;
  for (auto& helper : helpers) others.push_back(helper.get());
  scan.merge(std::move(others), spec);
  std::stable_sort(scan.follow_ups.begin(), scan.follow_ups.end(),
                   [](const FollowUp& a, const FollowUp& b) { return a.time < b.time; });
  run.events_scanned += scan.scanned;
  run.matches += scan.matches;
  run.excepted += scan.excepted;
  const auto& groups = scan.groups;
  const auto& follow_ups = scan.follow_ups;

  // Over threshold, by bin and then group, so that a run's alerts come in
  // the same order whatever order the groups were hashed in.
  struct Found {
    TimeMs bin_start;
    const Group* group;
    nlohmann::json object;
    std::string order;  // object.dump()
  };
  std::vector<Found> found;
  for (const auto& [bin_start, bin_groups] : groups) {
    const auto first = found.size();
    for (const auto& group : bin_groups.groups) {
      // The metric never exceeds the rows: most groups are settled without counting.
      if (spec.meets_threshold(group.facts.rows()) && spec.meets_threshold(group.facts.metric())) {
        auto object = group_object(spec, group.key);
        auto order = object.dump();
        found.push_back({bin_start, &group, std::move(object), std::move(order)});
      }
    }
    std::sort(found.begin() + static_cast<std::ptrdiff_t>(first), found.end(),
              [](const Found& a, const Found& b) { return a.order < b.order; });
  }

  std::optional<analytics::MessageIndicators> indicators;
  if (spec.mail_evidence && !found.empty()) {
    std::vector<std::string> wanted;
    TimeMs first_bin = found.front().bin_start;
    TimeMs last_bin = first_bin;
    for (const auto& f : found) {
      for (const auto id : f.group->facts.distinct_values()) wanted.emplace_back(id);
      first_bin = std::min(first_bin, f.bin_start);
      last_bin = std::max(last_bin, f.bin_start);
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    // Defender writes a message's URL and attachment rows with its EmailEvents
    // row, give or take minutes: the alerting bins and an hour after them.
    indicators = read_message_indicators(
        events_, rule, dataset_query(rule, "", first_bin, last_bin + spec.bin + kHourMs), std::move(wanted));
  }

  std::vector<Alert> alerts;
  std::vector<std::int64_t> successes;  // with followed_by, per alert: the follow-ups in its window
  for (const auto& [bin_start, group, object, order] : found) {
    analytics::GroupFinding finding{object, analytics::bin_of(bin_start, spec.bin), &group->facts, {}, {}, {}, {}, {}};
    if (indicators) finding.message_indicators = indicators->evidence(group->facts.distinct_values());
    if (spec.followed_by) {
      const auto next = follow_ups_for(spec, follow_ups, object, *group);
      if (next.empty()) continue;
      finding.follow_up = next.front()->row;
      finding.follow_up_time = next.front()->time;
      successes.push_back(static_cast<std::int64_t>(next.size()));
    }
    if (spec.connector_changes) {
      const auto name = object.value(spec.connector_changes->field, std::string());
      finding.connector_history = changes.history(name, finding.bin.end, spec.connector_changes->lookback);
      finding.other_connector_changes =
          changes.others(name, finding.bin.end, spec.connector_changes->lookback, analytics::kMaxOtherConnectorChanges);
    }
    alerts.push_back(analytics::build_aggregation_alert(
        rule.definition, spec, finding, aggregation_alert_id(rule.definition.rule_id, object, bin_start),
        created_at, evidence_));
  }

  if (!spec.alert_per.empty()) alerts = fold_into_episodes(rule.definition, spec, std::move(alerts), successes, runs_);

  const auto limit = static_cast<std::size_t>(rule.definition.max_signals);
  if (alerts.size() > limit) {
    std::stable_sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) {
      const auto value = [](const Alert& x) { return x.document["metric"]["value"].get<std::int64_t>(); };
      return a.original_time != b.original_time ? a.original_time > b.original_time : value(a) > value(b);
    });
    alerts.resize(limit);
    run.truncated = true;
    run.status = RunStatus::kPartial;
    run.warnings.push_back({RunWarningKind::kMaxSignals, kMaxSignalsWarning});
  }
  return alerts;
}

}  // namespace vigil::engine::detect
