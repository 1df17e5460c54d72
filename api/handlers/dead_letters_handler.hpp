#pragma once

#include <cstddef>

#include "api/http/router.hpp"
#include "engine/ingest/dead_letters.hpp"
#include "engine/schedule/clock.hpp"

namespace vigil::api {

// GET /api/v1/inputs/dead_letters: the messages inputs set aside (Kafka
// messages that are not JSON or of no shape Vigil recognises), newest
// first, so an operator can see what a producer sends wrong:
//   input, topic                exact names (one value each)
//   since, until                when they were set aside: RFC 3339 or date
//                               math (now-24h), relative to `clock`
//   limit                       1..1000, default 100
//   cursor                      a page's next_cursor, passed back unchanged
//   pretty
// → {"dead_letters": [{"input", "epoch", "topic", "partition", "offset",
//    "error", "at", "payload", "payload_encoding" ("utf-8" | "base64"),
//    "payload_bytes", "payload_truncated"}], "total", "next_cursor"}.
// An unknown parameter or a bad value is a 400 naming it. A page ends early,
// with a cursor, before its body would pass `max_response_bytes`. Both
// references must outlive the router.
void add_dead_letters_routes(Router& router, engine::ingest::DeadLetterStore& letters, const engine::Clock& clock,
                             std::size_t max_response_bytes);

}  // namespace vigil::api
