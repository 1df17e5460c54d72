#pragma once

#include <atomic>
#include <cstddef>

namespace vigil::api {

// Accounts the memory that request bodies in flight hold, against a fixed
// capacity, so that many clients sending large bodies at once get refused
// (429) instead of growing the daemon without bound (Elasticsearch's
// indexing_pressure.memory.limit plays the same role). Units are bytes.
// Thread-safe; the budget must outlive every reservation taken from it.
class MemoryBudget {
 public:
  // Bytes held for one request, returned to the budget on destruction.
  // Move-only. An empty reservation (default or moved-from) holds nothing.
  class Reservation {
   public:
    Reservation() = default;
    Reservation(Reservation&& other) noexcept;
    Reservation& operator=(Reservation&& other) noexcept;
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;
    ~Reservation() { release(); }

    // Holds `more` bytes more, for a body that grows as it arrives; false
    // (and nothing changed) when the budget cannot spare them.
    bool grow(std::size_t more);
    std::size_t bytes() const { return bytes_; }
    // Of the budget it was taken from; 0 when empty.
    std::size_t capacity() const { return budget_ ? budget_->capacity() : 0; }
    void release();

   private:
    friend class MemoryBudget;
    Reservation(MemoryBudget* budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {}

    MemoryBudget* budget_ = nullptr;
    std::size_t bytes_ = 0;
  };

  explicit MemoryBudget(std::size_t capacity) : capacity_(capacity) {}
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  // A reservation of `bytes`, or an empty one with ok() false when they do
  // not fit in what is left. Zero bytes always fit.
  struct Admission {
    bool ok = false;
    Reservation reservation;
  };
  Admission reserve(std::size_t bytes);

  std::size_t capacity() const { return capacity_; }
  std::size_t in_use() const { return in_use_.load(); }
  // The most ever held at once, for the metrics and the reliability tests.
  std::size_t peak() const { return peak_.load(); }

 private:
  bool take(std::size_t bytes);
  void give_back(std::size_t bytes) { in_use_ -= bytes; }

  const std::size_t capacity_;
  std::atomic<std::size_t> in_use_{0};
  std::atomic<std::size_t> peak_{0};
};

}  // namespace vigil::api
