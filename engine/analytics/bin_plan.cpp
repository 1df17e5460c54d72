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

std::vector<Bin> bins_to_evaluate(TimeMs window_start, TimeMs window_end, TimeMs now, const AggregationSpec& spec) {
  const TimeMs follow = spec.followed_by ? spec.followed_by->within : 0;
  const TimeMs cutoff = std::min(window_end, now - spec.settle);
  const TimeMs last_end = floor_to(cutoff - follow, spec.bin);
  const TimeMs first_end =
      std::min(last_end - (spec.bins_back - 1) * spec.bin, floor_to(window_start, spec.bin) + spec.bin);
  std::vector<Bin> bins;
  for (TimeMs end = first_end; end <= last_end; end += spec.bin) bins.push_back({end - spec.bin, end});
  return bins;
}

}  // namespace vigil::engine::analytics
