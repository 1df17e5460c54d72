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

// The id of a record shipped without one, the same on every delivery, so
// that a redelivered `create` is refused as a duplicate instead of storing
// the event twice: 20 characters of generate_event_id's alphabet, 42 bits
// of the SHA-256 of (input, epoch, topic, partition), then 54 bits of the
// offset and 24 of the record's place, so that a partition's ids sort as
// their positions. Offsets past 2^54 and records past 2^24 in one message
// wrap (no broker comes near either).
std::string record_id(const RecordPosition& position);

}  // namespace vigil::inputs::kafka
