#include "inputs/kafka/record_id.hpp"

#include "engine/detect/sha256.hpp"
#include "engine/ingest/event_id.hpp"

namespace vigil::inputs::kafka {

// Why ordered: a record is inserted into the store's (index, id) unique
// index, and an id that lands on a random page of it reads and dirties a
// different page for every insert (bench/kafka, docs/PERFORMANCE.md); ids
// that grow with the offset append at one place per partition, as the
// generated ids of POST /api/v1/events do.
std::string record_id(const RecordPosition& p) {
  // NUL separators: no input or topic name holds one, so no two partitions
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
  // 42 bits: the first 11 hex digits hold 44.
  const auto partition_bits = std::stoull(engine::detect::sha256_hex(key).substr(0, 11), nullptr, 16) >> 2;
  std::string id;
  id.reserve(20);
  engine::ingest::append_id_digits(id, partition_bits, 7);
  engine::ingest::append_id_digits(id, static_cast<std::uint64_t>(p.offset), 9);
  engine::ingest::append_id_digits(id, p.record, 4);
  return id;
}

}  // namespace vigil::inputs::kafka
