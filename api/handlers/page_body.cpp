#include "api/handlers/page_body.hpp"

#include <nlohmann/json.hpp>

#include "engine/event/json_parse.hpp"

namespace vigil::api {

PageBody PageBody::lines(std::string header, std::size_t max_bytes) {
  return PageBody(std::move(header), false, false, max_bytes);
}

PageBody PageBody::json_object(std::string_view array_key, bool pretty, std::size_t max_bytes) {
  std::string start = pretty ? "{\n  \"" : "{\"";
  start.append(array_key).append(pretty ? "\": [" : "\":[");
  return PageBody(std::move(start), true, pretty, max_bytes);
}

std::string PageBody::piece(const std::string& item) const {
  if (!json_) return item;
  const std::string_view separator = pretty_ ? (count_ == 0 ? "\n" : ",\n") : (count_ == 0 ? "" : ",");
  if (!pretty_) return std::string(separator) + item;
  // Indented where the object puts it: newlines in JSON text are all
  // between tokens (a string's are escaped). Items are small: an alert is
  // at most about 1 MiB (alert_bounds.hpp).
  std::string indented = std::string(separator) + "    ";
  for (const char c : engine::parse_json(item).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) {
    indented.push_back(c);
    if (c == '\n') indented.append("    ");
  }
  return indented;
}

bool PageBody::add(const std::string& item) {
  const auto text = piece(item);
  if (count_ > 0 && text_.size() + text.size() + kPageEnvelopeBytes > max_bytes_) {
    ended_early_ = true;
    return false;
  }
  text_.append(text);
  ++count_;
  return true;
}

std::string PageBody::finish(std::initializer_list<std::pair<std::string_view, std::string>> members) && {
  if (!json_) return std::move(text_);
  text_.append(pretty_ && count_ > 0 ? "\n  ]" : "]");
  for (const auto& [key, value] : members)
    text_.append(pretty_ ? ",\n  \"" : ",\"").append(key).append(pretty_ ? "\": " : "\":").append(value);
  text_.append(pretty_ ? "\n}" : "}");
  return std::move(text_);
}

}  // namespace vigil::api
