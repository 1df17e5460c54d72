#pragma once

#include <cstddef>
#include <optional>

#include "api/http/types.hpp"

namespace vigil::api {

// What ingest holds per byte of decoded body text while it handles it: the
// decoded copy plus the parsed JSON documents, which take several times
// their text (measured on 8 MB _bulk bodies: 11.6x for Winlogbeat Sysmon
// events with many short fields, 5x for events with one long field).
inline constexpr std::size_t kParsedBytesPerTextByte = 12;

// Reserves, on the request's share of server.request_memory_limit, what
// parsing `text_bytes` of decoded body will hold, so a gzip body is counted
// as inflated, not as sent. Returns the Elasticsearch-shaped answer to give
// instead when it cannot: 429 with Retry-After while other requests hold the
// memory, 413 when it could never fit. Nothing to do outside the server.
std::optional<Response> reserve_parse_memory(const RequestContext& ctx, std::size_t text_bytes);

}  // namespace vigil::api
