#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ingest/ingest_batch.hpp"
#include "engine/normalize/normalizer.hpp"

namespace vigil::inputs::kafka {

// One consumed message, as much of it as decoding reads.
struct Message {
  std::string_view topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string_view payload;
};

// What an input decodes its messages with ([[inputs.kafka]]).
struct DecodeSettings {
  std::string input;
  std::uint64_t epoch = 0;
  engine::SourceHint hint = engine::SourceHint::kAuto;
  std::string index;  // empty: the index /api/v1/events would choose
};

// The hint a configured `format` gives normalization: auto and ecs
// recognise by shape, beats as Winlogbeat's, defender takes any object for
// an Advanced Hunting row.
engine::SourceHint hint_for_format(std::string_view format);

// A message's events, or why it has none.
struct Decoded {
  std::vector<engine::ingest::IncomingEvent> events;
  std::optional<std::string> error;  // set: the message is a dead letter
};

// Decodes a message as POST /api/v1/events decodes one body: one JSON
// value, a Defender streaming envelope {"records":[...]} or an array, each
// record an event. A record shipped with Beats' @metadata._id keeps it;
// the others get record_id() of their position. A message that is not
// JSON, holds no record, or holds a record that is no object or of no shape
// normalization recognises, is an error as a whole: nothing of it is stored.
Decoded decode_message(const Message& message, const DecodeSettings& settings);

}  // namespace vigil::inputs::kafka
