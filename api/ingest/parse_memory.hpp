#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "api/http/types.hpp"

namespace vigil::api {

// What ingest holds per byte of decoded body text while it handles it: the
// decoded copy plus the parsed JSON documents, which take several times
// their text (measured on 8 MB _bulk bodies: 11.6x for Winlogbeat Sysmon
// events with many short fields, 5x for events with one long field).
inline constexpr std::size_t kParsedBytesPerTextByte = 12;
// What one JSON object or array costs once parsed beyond its text: the
// container nlohmann allocates, a dozen bytes of text ("{}" is two) or none.
inline constexpr std::size_t kParsedBytesPerContainer = 64;
// What one item (a _bulk action, an event) costs on its way through ingest
// beyond its document: the parsed action, the normalized record, the result
// and its part of the response (measured: about 1 KB for an empty document).
inline constexpr std::size_t kBytesPerItem = 1024;

// Reserves, on the request's share of server.request_memory_limit, what
// parsing the decoded body `text` will hold: per byte, and per object and
// array it may hold (every '{' and '[' counted, a bound that strings can
// only raise), so a gzip body is counted as inflated, not as sent, and a
// body of tiny documents by its documents, not its bytes. Returns the
// Elasticsearch-shaped answer to give instead when it cannot: 429 with
// Retry-After while other requests hold the memory, 413 when it could never
// fit. Nothing to do outside the server.
std::optional<Response> reserve_parse_memory(const RequestContext& ctx, std::string_view text);

// The same for `items` items (kBytesPerItem each), once they are counted.
std::optional<Response> reserve_item_memory(const RequestContext& ctx, std::size_t items);

}  // namespace vigil::api
