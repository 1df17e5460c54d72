#include "inputs/kafka/message_decoder.hpp"

#include "engine/event/json_parse.hpp"
#include "inputs/kafka/record_id.hpp"

namespace vigil::inputs::kafka {
namespace {

// Beats put the document id an Elasticsearch output would use here.
std::string shipped_id(const nlohmann::json& record) {
  const auto metadata = record.find("@metadata");
  if (metadata == record.end() || !metadata->is_object()) return "";
  const auto id = metadata->find("_id");
  return id != metadata->end() && id->is_string() ? id->get<std::string>() : "";
}

}  // namespace

engine::SourceHint hint_for_format(std::string_view format) {
  if (format == "beats") return engine::SourceHint::kWinlogbeat;
  if (format == "defender") return engine::SourceHint::kDefender;
  return engine::SourceHint::kAuto;
}

Decoded decode_message(const Message& message, const DecodeSettings& settings) {
  Decoded out;
  auto value = engine::parse_json(message.payload, false);
  if (value.is_discarded()) {
    out.error = message.payload.empty() ? "the message is empty" : "the message is not valid JSON";
    return out;
  }
  auto records = engine::unwrap_records(std::move(value));
  if (records.empty()) {
    out.error = "the message holds no record";
    return out;
  }
  out.events.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& record = records[i];
    const auto where = [&] {
      return records.size() > 1 ? "record " + std::to_string(i) + " of the message" : std::string("the message");
    };
    if (!record.is_object()) {
      out.events.clear();
      out.error = where() + " is a JSON " + record.type_name() + ", not an object";
      return out;
    }
    if (!engine::recognises(record, settings.hint)) {
      out.events.clear();
      out.error = where() + " is no Beats event, Defender record or ECS document";
      return out;
    }
    auto id = shipped_id(record);
    if (id.empty())
      id = record_id({settings.input, settings.epoch, message.topic, message.partition, message.offset, i});
    out.events.push_back({std::move(record), settings.index, std::move(id), engine::WriteMode::kCreate});
  }
  return out;
}

}  // namespace vigil::inputs::kafka
