#pragma once

#include <string>

#include "api/http/types.hpp"
#include "engine/store/store_error.hpp"

namespace vigil::api {

// How the API answers a request the store could not serve. A transient
// condition is 503 with Retry-After; anything else is 500. The reason names
// the condition in words a client can act on and never carries the
// StoreError's what() (statement text, extended codes), which clients,
// authenticated or not, have no use for: that goes to the log.
struct StoreFailure {
  http::status status;
  std::string reason;
  unsigned retry_after_seconds;  // 0 when retrying cannot help
};

StoreFailure describe_store_failure(const engine::StoreError& error);

// Logs the error with its detail (warn when transient, error otherwise)
// and returns its description, for routes that answer in their own shape.
StoreFailure report_store_failure(const engine::StoreError& error, const char* route_kind);

// Sets Retry-After from the failure, when it has one.
void set_retry_after(Response& response, const StoreFailure& failure);

// The native error response: {"error":{"type":"store_unavailable"|"internal_error","reason":...},"status":...}.
Response store_failure_response(const Request& request, const engine::StoreError& error);

}  // namespace vigil::api
