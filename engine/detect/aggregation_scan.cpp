#include "engine/detect/aggregation_scan.hpp"

#include <algorithm>
#include <atomic>
#include <future>
#include <iterator>

#include "engine/analytics/column.hpp"
#include "engine/analytics/row_values.hpp"
#include "engine/detect/aggregation_rows.hpp"

namespace vigil::engine::detect {
namespace {

using analytics::AggregationSpec;
using analytics::Bin;
using analytics::GroupFacts;

// What one row's grouping reuses from the row before, so that a row that
// joins existing groups allocates nothing.
struct GroupingScratch {
  std::vector<std::vector<std::string_view>> choices;  // per group-by field, the row's values
  std::vector<std::string_view> values;                // one group's values, a field at a time
  std::string key;
};

bool passes_row_tests(const AggregationSpec& spec, const Row& row) {
  for (const auto& column : spec.non_empty) {
    if (!row.columns.text(column)) return false;
  }
  for (const auto& check : spec.checks) {
    if (!check.passes(row.columns)) return false;
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
                    const std::vector<const GroupValueFilter*>& filters, GroupingScratch& scratch, Visit visit) {
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
    for (const auto* filter : filters) filter->restrict(field, bin, values);
  }
  scratch.values.clear();
  for_each_combination(scratch, visit);
}

// The group's values as one key: each as "<size>:<text>".
void encode_values(const std::vector<std::string_view>& values, std::string& key) {
  key.clear();
  for (const auto value : values) key.append(std::to_string(value.size())).append(":").append(value);
}

// Scans the rows of `query` (a slice of the rule's dataset over the bins)
// into `scan`, grouping those before `bins_end`.
void scan_into(Scan& scan, EventStore& events, const CompiledRule& rule, const AggregationSpec& spec,
               const std::vector<const GroupValueFilter*>& filters, const RowSource& source, const EventQuery& query,
               TimeMs bins_end) {
  auto& pool = scan.pool();
  GroupingScratch scratch;
  scan_rows(events, rule, query, source, [&](const Row& row, TimeMs t, TimeMs) {
    ++scan.scanned;
    if (spec.followed_by && spec.followed_by->filter->matches(row.document)) {
      scan.following.push_back({t, follow_key(spec.followed_by->same, row.columns), row.document});
    }
    if (t >= bins_end || !passes_row_tests(spec, row)) return;
    ++scan.matches;
    if (!rule.exceptions.empty() && rule.exceptions.excepts(row.document)) {
      ++scan.excepted;
      return;
    }
    const auto bin = analytics::bin_of(t, spec.bin);
    auto& bin_groups = scan.groups[bin.start];
    for_each_group(spec, row.columns, bin, filters, scratch, [&](const std::vector<std::string_view>& values) {
      encode_values(values, scratch.key);
      bin_groups.find_or_add(scratch.key, pool, [&](std::string_view kept) { return Group{kept, GroupFacts(pool, spec)}; })
          .facts.add(row.columns, t);
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

analytics::StringPool& Scan::pool() {
  if (pools.empty()) pools.push_back(std::make_unique<analytics::StringPool>());
  return *pools.front();
}

std::int64_t Scan::rows_of(TimeMs bin_start, std::string_view key) const {
  const auto bin = groups.find(bin_start);
  if (bin == groups.end()) return 0;
  const auto found = bin->second.index.find(key);
  return found == bin->second.index.end() ? 0 : bin->second.groups[found->second].facts.rows();
}

void Scan::merge(std::vector<Scan>&& others, const AggregationSpec& spec) {
  for (std::size_t i = 0; i < others.size(); ++i) merge_from(others, i, spec);
}

void Scan::merge_from(std::vector<Scan>& others, std::size_t i, const AggregationSpec& spec) {
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
  following.insert(following.end(), std::make_move_iterator(other.following.begin()),
                   std::make_move_iterator(other.following.end()));
  scanned += other.scanned;
  matches += other.matches;
  excepted += other.excepted;
  std::move(other.pools.begin(), other.pools.end(), std::back_inserter(pools));
}

Scan scan_groups(EventStore& events, const CompiledRule& rule, const AggregationSpec& spec,
                 const std::vector<Bin>& bins, unsigned threads, const std::vector<const GroupValueFilter*>& filters) {
  // Parsing a million rows is the run's cost, and it divides: threads take
  // slices of the spans read (small ones, as rows cluster in time) in turn,
  // and their findings are merged.
  // Exceptions may name any field, so with them the run reads documents
  // even where the matcher recorded values.
  const auto recorded = rule.exceptions.empty() ? analytics::recorded_columns(spec) : std::nullopt;
  const RowSource source{recorded ? &*recorded : nullptr,
                         spec.filter || spec.followed_by || !rule.exceptions.empty(), {}};
  const TimeMs follow = spec.followed_by ? spec.followed_by->within : 0;
  threads = std::max(1U, threads);
  const auto slices = plan_slices(analytics::scan_spans(bins, follow), follow, threads == 1 ? 1 : TimeMs{8} * threads);
  std::atomic<std::size_t> next_slice{0};
  const auto scan_slices = [&] {
    Scan mine;
    for (std::size_t i = next_slice++; i < slices.size(); i = next_slice++) {
      const auto& slice = slices[i];
      scan_into(mine, events, rule, spec, filters, source, dataset_query(rule, spec.dataset, slice.first, slice.last),
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
  std::stable_sort(scan.following.begin(), scan.following.end(),
                   [](const FollowingEvent& a, const FollowingEvent& b) { return a.time < b.time; });
  return scan;
}

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

std::vector<std::string> follow_key(const std::vector<std::string>& fields, const analytics::ColumnRow& row) {
  std::vector<std::string> key;
  for (const auto& field : fields) key.emplace_back(row.text(field).value_or(""));
  return key;
}

}  // namespace vigil::engine::detect
