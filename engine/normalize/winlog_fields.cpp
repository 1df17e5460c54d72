#include "engine/normalize/winlog_fields.hpp"

#include "engine/text/ascii.hpp"
#include "engine/event/field_lookup.hpp"
#include "engine/normalize/ecs_fields.hpp"

namespace vigil::engine {

std::optional<std::string_view> winlog_channel(const nlohmann::json& doc) {
  const auto* channel = find_field(doc, "winlog.channel");
  if (channel == nullptr || !channel->is_string()) return std::nullopt;
  return channel->get_ref<const std::string&>();
}

bool is_channel(const nlohmann::json& doc, std::string_view channel) {
  const auto* value = find_field(doc, "winlog.channel");
  return value != nullptr && value->is_string() && text::equals_ascii_ci(value->get_ref<const std::string&>(), channel);
}

std::optional<std::int64_t> winlog_event_id(const nlohmann::json& doc) {
  if (auto id = parse_integer(find_field(doc, "winlog.event_id"))) return id;
  return parse_integer(find_field(doc, "event.code"));
}

const nlohmann::json* winlog_event_data(const nlohmann::json& doc) {
  const auto* data = find_field(doc, "winlog.event_data");
  return data != nullptr && data->is_object() ? data : nullptr;
}

const nlohmann::json& winlog_event_data_or_empty(const nlohmann::json& doc) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto* data = winlog_event_data(doc);
  return data != nullptr ? *data : kEmpty;
}

}  // namespace vigil::engine
