#include "engine/event/json_parse.hpp"

#include <simdjson.h>

namespace vigil::engine {
namespace {

nlohmann::json convert(simdjson::dom::element element) {
  using Type = simdjson::dom::element_type;
  switch (element.type()) {
    case Type::OBJECT: {
      nlohmann::json object = nlohmann::json::object();
      auto& members = object.get_ref<nlohmann::json::object_t&>();
      for (const auto field : simdjson::dom::object(element))
        members.insert_or_assign(std::string(field.key), convert(field.value));
      return object;
    }
    case Type::ARRAY: {
      nlohmann::json array = nlohmann::json::array();
      auto& elements = array.get_ref<nlohmann::json::array_t&>();
      for (const auto child : simdjson::dom::array(element)) elements.push_back(convert(child));
      return array;
    }
    case Type::INT64: {
      const std::int64_t value = element.get_int64();
      return value >= 0 ? nlohmann::json(static_cast<std::uint64_t>(value)) : nlohmann::json(value);
    }
    case Type::UINT64:
      return element.get_uint64().value();
    case Type::DOUBLE:
      return element.get_double().value();
    case Type::STRING:
      return std::string(element.get_string().value());
    case Type::BOOL:
      return element.get_bool().value();
    case Type::NULL_VALUE:
      break;
  }
  return nullptr;
}

}  // namespace

nlohmann::json parse_json(std::string_view text, bool allow_exceptions) {
  // A parser per thread keeps its buffers from one document to the next;
  // one grown by a rare large document is let go rather than kept.
  constexpr std::size_t kKeptCapacity = std::size_t{1} << 20;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  const auto error = parser.parse(text.data(), text.size()).get(root);
  nlohmann::json value = error ? nlohmann::json::parse(text, nullptr, allow_exceptions) : convert(root);
  if (parser.capacity() > kKeptCapacity) parser = simdjson::dom::parser{};
  return value;
}

}  // namespace vigil::engine
