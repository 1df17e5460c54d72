#pragma once

#include <cstddef>

#include "api/http/router.hpp"
#include "engine/ingest/ingest_pipeline.hpp"

namespace vigil::api {

// POST /api/v1/events: Vigil's native batch. The body is a JSON array, NDJSON
// (LF or CRLF), one object, a Defender streaming envelope {"records":[...]}
// (also one per NDJSON line), or an Advanced Hunting API response.
// ?source=winlogbeat|sysmon|security|defender hints at the shape.
// Answers {"accepted":N,"rejected":M,"errors":[{"index":i,"reason":...}]}:
// 200 when anything was stored, 400 when nothing could be parsed.
// A body of more than `max_items` events (and unreadable lines) is 413.
struct EventsOptions {
  std::size_t body_limit = 100 * 1024 * 1024;  // after inflation
  std::size_t max_items = 100000;
};
void add_events_routes(Router& router, engine::ingest::IngestPipeline& pipeline, EventsOptions options);

}  // namespace vigil::api
