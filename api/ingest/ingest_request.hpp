#pragma once

#include <exception>
#include <string>
#include <variant>

#include "api/http/types.hpp"

namespace vigil::api {

// Checks the content type and inflates the body of an ingest request,
// reserving the inflated text on the request's memory as it grows.
// Returns the decoded body, or the Elasticsearch-shaped error response
// (406 unsupported type, 400 corrupt gzip, 413 too large, 415 encoding,
// 429 with Retry-After while other requests hold the memory).
std::variant<std::string, Response> read_ingest_body(const RequestContext& ctx, std::size_t limit);

// What a failed write answers: 503 for a transient database condition
// (locked, disk full), 500 otherwise, with the Elasticsearch error type and
// a reason. Reports a store failure (log) once per call.
struct WriteFailure {
  http::status status;
  std::string type;
  std::string reason;
  unsigned retry_after_seconds = 0;  // 0: none to send
};
WriteFailure describe_write_failure(const std::exception& error);

// What a batch the pipeline refused as saturated answers: 429, which
// shippers retry with back-off, and `reason`.
WriteFailure saturation_failure(std::string reason);

// A failure as the response to the whole request.
Response write_failure_response(const Request& request, const WriteFailure& failure);

}  // namespace vigil::api
