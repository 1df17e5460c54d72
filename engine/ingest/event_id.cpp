#include "engine/ingest/event_id.hpp"

#include <atomic>
#include <cstdint>
#include <random>

namespace vigil::engine::ingest {
namespace {

// The 64 URL-safe characters in ASCII order, so that the ids' text sorts as
// the numbers they spell.
constexpr char kAlphabet[] = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

std::uint64_t random_bits() {
  std::random_device device;
  return (std::uint64_t{device()} << 32) ^ device();
}

}  // namespace

void append_id_digits(std::string& out, std::uint64_t value, int count) {
  for (int shift = 6 * (count - 1); shift >= 0; shift -= 6) out.push_back(kAlphabet[(value >> shift) & 63]);
}

// Why ordered: a random id lands on a random page of the (idx, id) unique
// index, so every insert reads and dirties a different page; ordered ids
// append at the index's right edge, as rowids and timestamps already do.
// 120 bits: milliseconds (48), a process-wide sequence (24: 16 million ids
// in one millisecond before it repeats) and 48 bits drawn once per process,
// so that two daemons, or one restarted within the same millisecond, do not
// make the same id.
std::string generate_event_id(TimeMs now) {
  static const std::uint64_t process = random_bits();
  static std::atomic<std::uint32_t> sequence{0};
  std::string id;
  id.reserve(20);
  append_id_digits(id, static_cast<std::uint64_t>(now), 8);
  append_id_digits(id, sequence.fetch_add(1, std::memory_order_relaxed), 4);
  append_id_digits(id, process, 8);
  return id;
}

}  // namespace vigil::engine::ingest
