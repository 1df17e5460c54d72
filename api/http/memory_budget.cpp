#include "api/http/memory_budget.hpp"

#include <utility>

namespace vigil::api {

MemoryBudget::Reservation::Reservation(Reservation&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

MemoryBudget::Reservation& MemoryBudget::Reservation::operator=(Reservation&& other) noexcept {
  if (this != &other) {
    release();
    budget_ = std::exchange(other.budget_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

bool MemoryBudget::Reservation::grow(std::size_t more) {
  if (!budget_ || !budget_->take(more)) return false;
  bytes_ += more;
  return true;
}

void MemoryBudget::Reservation::release() {
  if (budget_) budget_->give_back(bytes_);
  budget_ = nullptr;
  bytes_ = 0;
}

MemoryBudget::Admission MemoryBudget::reserve(std::size_t bytes) {
  if (!take(bytes)) return {};
  return {true, Reservation(this, bytes)};
}

// Compare-and-swap, so concurrent reservations never overshoot the capacity
// even for a moment.
bool MemoryBudget::take(std::size_t bytes) {
  auto used = in_use_.load();
  do {
    if (bytes > capacity_ - used) return false;
  } while (!in_use_.compare_exchange_weak(used, used + bytes));
  auto peak = peak_.load();
  while (used + bytes > peak && !peak_.compare_exchange_weak(peak, used + bytes)) {
  }
  return true;
}

}  // namespace vigil::api
