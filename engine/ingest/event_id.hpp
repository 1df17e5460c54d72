#pragma once

#include <cstdint>
#include <string>

#include "engine/time/timestamp.hpp"

namespace vigil::engine::ingest {

// A 20-character URL-safe id for an event shipped without one, the shape of
// Elasticsearch's auto-generated ids and, like them, ordered by time: an id
// made in a later millisecond, or later in the same one, compares greater
// byte for byte (SQLite's BINARY collation). Unique within a process; across
// processes by 48 random bits. Thread-safe.
std::string generate_event_id(TimeMs now);

// Appends the low 6 × `count` bits of `value` as `count` characters of
// those ids' URL-safe alphabet, most significant first, so that the text
// sorts as the numbers do: for other ids made ordered the same way.
void append_id_digits(std::string& out, std::uint64_t value, int count);

}  // namespace vigil::engine::ingest
