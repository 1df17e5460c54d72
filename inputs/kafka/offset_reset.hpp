#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::inputs::kafka {

// librdkafka moved a partition's position because the broker no longer had
// the offset it asked for (OFFSET_OUT_OF_RANGE: the committed offset is
// past the log's end because the topic was recreated, or before its start
// because retention truncated it), to the start or end of the log as
// auto.offset.reset says.
struct OffsetReset {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t from = -1;  // the offset that was out of range
  std::string to;          // where it went: "BEGINNING", "END", or an offset
};

// Reads librdkafka's warning of such a reset (facility OFFSET), as 2.x
// writes it: "[thrd:main]: winlogbeat [0]: offset reset (at offset 500, broker 1) to
// BEGINNING: fetch failed due to ...: Broker: Offset out of range" (later
// releases add "(leader epoch N)" after each offset). nullopt for any other
// line. librdkafka reports an error reset only this way: with
// auto.offset.reset earliest or latest no consumer error is raised.
std::optional<OffsetReset> parse_offset_reset(std::string_view line);

}  // namespace vigil::inputs::kafka
