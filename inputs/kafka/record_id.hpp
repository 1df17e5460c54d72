#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::inputs::kafka {

// Where a record sits in Kafka: enough to name it again when its message is
// delivered a second time (a crash between the store commit and the offset
// commit).
struct RecordPosition {
  std::string_view input;
  std::uint64_t epoch = 0;
  std::string_view topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::size_t record = 0;  // its place among the records of one message (an Event Hubs envelope)
};

// The id of a record shipped without one: 20 lowercase hex digits of the
// SHA-256 of its position, the same on every delivery, so that a redelivered
// `create` is refused as a duplicate instead of storing the event twice.
std::string record_id(const RecordPosition& position);

}  // namespace vigil::inputs::kafka
