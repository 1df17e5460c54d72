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
      // Members usually arrive in key order, which the end hint makes one
      // comparison a member; a repeated key keeps its last value, as nlohmann's parser does.
      for (const auto field : simdjson::dom::object(element))
        members.try_emplace(members.end(), std::string(field.key))->second = convert(field.value);
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

// Parses `text` with the thread's parser and calls `use(error, root)`.
template <typename Use>
auto with_parsed(std::string_view text, Use use) {
  // A parser per thread keeps its buffers from one document to the next;
  // one grown by a rare large document is let go rather than kept.
  constexpr std::size_t kKeptCapacity = std::size_t{1} << 20;
  thread_local simdjson::dom::parser parser;
  struct Release {
    ~Release() {
      if (parser.capacity() > kKeptCapacity) parser = simdjson::dom::parser{};
    }
  } release;
  simdjson::dom::element root;
  const auto error = parser.parse(text.data(), text.size()).get(root);
  return use(error != simdjson::SUCCESS, root);
}

}  // namespace

nlohmann::json parse_json(std::string_view text, bool allow_exceptions) {
  return with_parsed(text, [&](bool refused, simdjson::dom::element root) {
    return refused ? nlohmann::json::parse(text, nullptr, allow_exceptions) : convert(root);
  });
}

bool for_each_member_text(std::string_view text,
                          const std::function<void(std::string_view key, MemberText text)>& member) {
  return with_parsed(text, [&](bool refused, simdjson::dom::element root) {
    simdjson::dom::object fields;
    if (refused || root.get(fields) != simdjson::SUCCESS) return false;
    std::string spelled;
    for (const auto field : fields) {
      using Type = simdjson::dom::element_type;
      const auto value = field.value;
      switch (value.type()) {
        case Type::STRING:
          member(field.key, value.get_string().value());
          break;
        case Type::OBJECT:
        case Type::ARRAY:
        case Type::NULL_VALUE:
          member(field.key, std::nullopt);
          break;
        default:
          // Numbers and booleans are rare in columns: spell them as parse_json's value prints.
          spelled = convert(value).dump();
          member(field.key, spelled);
      }
    }
    return true;
  });
}

}  // namespace vigil::engine
