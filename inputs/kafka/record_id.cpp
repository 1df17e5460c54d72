#include "inputs/kafka/record_id.hpp"

#include "engine/detect/sha256.hpp"

namespace vigil::inputs::kafka {

std::string record_id(const RecordPosition& p) {
  // NUL separators: no input or topic name holds one, so no two positions
  // spell the same text.
  std::string key = "kafka";
  const auto field = [&key](std::string_view part) {
    key += '\0';
    key += part;
  };
  field(p.input);
  field(std::to_string(p.epoch));
  field(p.topic);
  field(std::to_string(p.partition));
  field(std::to_string(p.offset));
  field(std::to_string(p.record));
  return engine::detect::sha256_hex(key).substr(0, 20);
}

}  // namespace vigil::inputs::kafka
