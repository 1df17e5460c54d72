#pragma once

#include <string>

#include "engine/time/timestamp.hpp"

namespace vigil::engine::ingest {

// A 20-character URL-safe id for an event shipped without one, the shape of
// Elasticsearch's auto-generated ids and, like them, ordered by time: an id
// made in a later millisecond, or later in the same one, compares greater
// byte for byte (SQLite's BINARY collation). Unique within a process; across
// processes by 48 random bits. Thread-safe.
std::string generate_event_id(TimeMs now);

}  // namespace vigil::engine::ingest
