#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time/timestamp.hpp"

namespace vigil::engine::ingest {

// A message an input received but could not turn into events (not JSON,
// or of no shape it recognises): kept where an operator can read it
// instead of being dropped, so that consumption can go on past it.
struct DeadLetter {
  std::string input;  // the configured input's name
  std::uint64_t epoch = 0;
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string error;    // why it was set aside, naming the record when one of many
  std::string payload;  // its first kMaxDeadLetterPayload bytes
  std::size_t payload_bytes = 0;  // its whole size
  TimeMs at = 0;                  // when it was set aside
};

// How much of a message a dead letter keeps.
inline constexpr std::size_t kMaxDeadLetterPayload = 64 * 1024;

// Where dead letters are kept. Implementations are thread-safe.
class DeadLetterStore {
 public:
  virtual ~DeadLetterStore() = default;

  // Keeps the letters in one transaction. A letter whose (input, epoch,
  // topic, partition, offset) is kept already is left as it is: a message
  // delivered again is set aside once. Throws StoreError when nothing was kept.
  virtual void add(std::span<const DeadLetter> letters) = 0;
  // Letters of `input` ("" for every input), newest first, at most `limit`.
  virtual std::vector<DeadLetter> list(std::string_view input, std::size_t limit) = 0;
  // How many letters `input` ("" for every input) has.
  virtual std::uint64_t count(std::string_view input) = 0;
};

}  // namespace vigil::engine::ingest
