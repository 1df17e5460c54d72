#pragma once

#include <vector>

#include "engine/analytics/aggregation_spec.hpp"
#include "engine/time/timestamp.hpp"

namespace vigil::engine::analytics {

// A time bin [start, end), aligned to multiples of its length since the
// epoch: 1h bins start on the UTC clock hour, 60s bins on the minute.
struct Bin {
  TimeMs start = 0;
  TimeMs end = 0;
};

// The bin holding `t`.
Bin bin_of(TimeMs t, TimeMs length);

// The bins a run evaluates, oldest first. A bin is complete once
// end + follow-up window ≤ cutoff, where cutoff = min(window_end, now - settle):
// mail that arrives up to `settle` late is in the store before its bin is
// first judged. The run evaluates the last `bins_back` complete bins (so
// later runs re-evaluate them and count late events), plus every older
// complete bin that ends after window_start (catch-up windows and manual
// runs over a longer span). Empty when no bin is complete yet.
std::vector<Bin> bins_to_evaluate(TimeMs window_start, TimeMs window_end, TimeMs now, const AggregationSpec& spec);

// The end of the newest complete bin (bins_to_evaluate's last bin, which
// may be absent when the window ends before it).
TimeMs last_complete_end(TimeMs window_end, TimeMs now, const AggregationSpec& spec);

// `planned` with the complete bins that hold one of `times` added: the
// event times of what arrived since the last run, so that a run re-judges
// every bin that received events, however late they came. Bins that end
// spec.lookback or more before `now` are left out. Oldest first, each once.
std::vector<Bin> with_late_bins(std::vector<Bin> planned, const std::vector<TimeMs>& times, TimeMs window_end,
                                TimeMs now, const AggregationSpec& spec);

// What a run reads for `bins` (oldest first): runs of consecutive bins as
// one span [start, end), each read on to end + follow for the follow-up
// events. Spans closer than `follow` are joined, so no row is read twice.
std::vector<Bin> scan_spans(const std::vector<Bin>& bins, TimeMs follow);

}  // namespace vigil::engine::analytics
