#include "api/metrics/bounded_label.hpp"

namespace vigil::api::metrics {

std::string BoundedLabel::admit(std::string_view value) {
  std::string label(value);
  std::lock_guard lock(mutex_);
  if (kept_.contains(label)) return label;
  if (kept_.size() >= limit_) return std::string(kOverflow);
  kept_.insert(label);
  return label;
}

}  // namespace vigil::api::metrics
