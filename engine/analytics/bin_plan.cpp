#include "engine/analytics/bin_plan.hpp"

#include <algorithm>

namespace vigil::engine::analytics {
namespace {

// Floor division that also rounds negative times down.
TimeMs floor_to(TimeMs t, TimeMs length) {
  const TimeMs q = t / length;
  return (t % length < 0 ? q - 1 : q) * length;
}

}  // namespace

Bin bin_of(TimeMs t, TimeMs length) {
  const TimeMs start = floor_to(t, length);
  return {start, start + length};
}

TimeMs last_complete_end(TimeMs window_end, TimeMs now, const AggregationSpec& spec) {
  const TimeMs follow = spec.followed_by ? spec.followed_by->within : 0;
  const TimeMs cutoff = std::min(window_end, now - spec.settle);
  return floor_to(cutoff - follow, spec.bin);
}

std::vector<Bin> bins_to_evaluate(TimeMs window_start, TimeMs window_end, TimeMs now, const AggregationSpec& spec) {
  const TimeMs last_end = last_complete_end(window_end, now, spec);
  const TimeMs first_end =
      std::min(last_end - (spec.bins_back - 1) * spec.bin, floor_to(window_start, spec.bin) + spec.bin);
  std::vector<Bin> bins;
  for (TimeMs end = first_end; end <= last_end; end += spec.bin) bins.push_back({end - spec.bin, end});
  return bins;
}

std::vector<Bin> with_late_bins(std::vector<Bin> planned, const std::vector<TimeMs>& times, TimeMs window_end,
                                TimeMs now, const AggregationSpec& spec) {
  const TimeMs last_end = last_complete_end(window_end, now, spec);
  for (const auto t : times) {
    const auto bin = bin_of(t, spec.bin);
    if (bin.end <= last_end && bin.end > now - spec.lookback) planned.push_back(bin);
  }
  std::sort(planned.begin(), planned.end(), [](const Bin& a, const Bin& b) { return a.start < b.start; });
  planned.erase(std::unique(planned.begin(), planned.end(), [](const Bin& a, const Bin& b) { return a.start == b.start; }),
                planned.end());
  return planned;
}

std::vector<Bin> scan_spans(const std::vector<Bin>& bins, TimeMs follow) {
  std::vector<Bin> spans;
  for (const auto& bin : bins) {
    if (!spans.empty() && bin.start <= spans.back().end + follow) {
      spans.back().end = bin.end;
    } else {
      spans.push_back(bin);
    }
  }
  return spans;
}

}  // namespace vigil::engine::analytics
