#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/analytics/bin_plan.hpp"
#include "engine/analytics/column_row.hpp"
#include "engine/analytics/group_facts.hpp"
#include "engine/analytics/string_pool.hpp"
#include "engine/rules/compiled_rule.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::engine::detect {

// A group: its values only as their key (encode_values), as most groups
// never reach the threshold and their values are never asked for.
struct Group {
  std::string_view key;  // in a scan's pool
  analytics::GroupFacts facts;
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

// An event that may follow a group (followed_by): its time, and its `same`
// fields' values.
struct FollowingEvent {
  TimeMs time;
  std::vector<std::string> key;
  nlohmann::json row;
};

// Narrows the values a row is grouped under, for a content module whose
// settings restrict groups (to values that something it read before the
// scan names for the bin, say). Called for every row and group-by field:
// must be cheap. Thread-safe for const calls, as scan threads share it.
class GroupValueFilter {
 public:
  virtual ~GroupValueFilter() = default;
  // Removes from `values` (a row's values of the group-by field `field`)
  // those that may not group in `bin`.
  virtual void restrict(std::string_view field, const analytics::Bin& bin,
                        std::vector<std::string_view>& values) const = 0;
};

// What the scans of a run gathered: the groups of each bin, the candidate
// following events (in time order) and the counters. Its groups hold views
// into its pools, which therefore go wherever the groups go.
struct Scan {
  Groups groups;
  std::vector<FollowingEvent> following;
  std::uint64_t scanned = 0;
  std::uint64_t matches = 0;
  std::uint64_t excepted = 0;
  std::vector<std::unique_ptr<analytics::StringPool>> pools;

  // The pool this scan's rows and groups keep their texts in.
  analytics::StringPool& pool();

  // The rows of the group keyed `key` in bin `bin_start`; 0 for none.
  std::int64_t rows_of(TimeMs bin_start, std::string_view key) const;

  // Takes in the other threads' scans. Only groups whose rows in all scans
  // together meet the threshold can alert (the metric never exceeds the
  // rows), so only their facts are merged: most of a run's groups are
  // small, and merging every group's facts cost a fifth of the run.
  void merge(std::vector<Scan>&& others, const analytics::AggregationSpec& spec);

 private:
  // Takes in others[i], the scans before it already taken in.
  void merge_from(std::vector<Scan>& others, std::size_t i, const analytics::AggregationSpec& spec);
};

// Scans the rule's dataset over `bins` (oldest first) once, each read on for
// the follow-up window, in slices of time that `threads` threads take in
// turn, and merges what they found. A row counts (scanned) when read; it
// is a match when it passes non_empty, checks and filter, and excepted when
// an exception then drops it; the others join their groups in their bin,
// one group per combination of their values (a multi-valued field gives one
// per entry), as `filters` narrow them. Rows passing the
// followed_by filter become candidate following events.
Scan scan_groups(EventStore& events, const CompiledRule& rule, const analytics::AggregationSpec& spec,
                 const std::vector<analytics::Bin>& bins, unsigned threads,
                 const std::vector<const GroupValueFilter*>& filters);

// {"<group_by field>": value, ...} for the group keyed `key`.
nlohmann::json group_object(const analytics::AggregationSpec& spec, std::string_view key);

// The values of `fields` in `row`, "" for none: how a following event is
// matched to its group.
std::vector<std::string> follow_key(const std::vector<std::string>& fields, const analytics::ColumnRow& row);

}  // namespace vigil::engine::detect
