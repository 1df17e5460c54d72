#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "api/http/memory_budget.hpp"

namespace vigil::api {

// Why a body could not be decoded, with the HTTP status it deserves.
struct DecodeError {
  int status;          // 400 corrupt, 413 too large, 415 unknown encoding
  std::string type;    // Elasticsearch-style error type
  std::string reason;
};

// Inflates a request body according to its Content-Encoding ("gzip",
// "deflate", "identity" or empty). Inflation stops at `limit` bytes of
// output, so a 1000:1 bomb costs at most `limit` of memory, never more.
// With `memory`, the output buffer is reserved on it as it grows, so that
// bodies inflating at once count against the request budget: when it
// cannot grow, 429 (413 when the budget could never hold it). What it
// reserved stays reserved, for the text the caller goes on to parse.
// Thread-safe.
std::variant<std::string, DecodeError> decode_body(std::string body, std::string_view content_encoding,
                                                   std::size_t limit, MemoryBudget::Reservation* memory = nullptr);

}  // namespace vigil::api
