#include "api/http/store_failure.hpp"

#include <spdlog/spdlog.h>

#include "api/http/json_response.hpp"

namespace vigil::api {
namespace {

using engine::StoreErrorKind;

// Retry-After: a lock usually clears within seconds (a backup, another
// tool's transaction); a full disk or failing device needs an operator, so
// clients are asked to come back less often.
constexpr unsigned kRetryLockedSeconds = 1;
constexpr unsigned kRetryResourceSeconds = 10;

}  // namespace

StoreFailure describe_store_failure(const engine::StoreError& error) {
  const auto unavailable = http::status::service_unavailable;
  switch (error.kind()) {
    case StoreErrorKind::kLocked:
      return {unavailable,
              "database locked: another connection held the database's write lock longer than "
              "storage.busy_timeout_ms; nothing was written",
              kRetryLockedSeconds};
    case StoreErrorKind::kDiskFull:
      return {unavailable,
              "disk full: no space left on the device holding the database; nothing was written, and writes "
              "resume once space is freed",
              kRetryResourceSeconds};
    case StoreErrorKind::kIoError:
      return {unavailable, "database I/O error: the operating system failed a read or write; nothing was written",
              kRetryResourceSeconds};
    case StoreErrorKind::kUnreachable:
      // Not "nothing was written": a commit whose answer the lost
      // connection took may have landed, and its retry finds it.
      return {unavailable,
              "database unreachable: the database server refused or lost the connection (restarting?); retry: "
              "what an interrupted request already stored answers as existing",
              kRetryLockedSeconds};
    case StoreErrorKind::kOutOfMemory:
      return {unavailable, "out of memory in the database engine; nothing was written", kRetryResourceSeconds};
    case StoreErrorKind::kQueryTimeout:
      return {unavailable, "the query ran past storage.query_timeout_ms and was stopped; narrow it",
              kRetryLockedSeconds};
    case StoreErrorKind::kFailed:
      break;
  }
  return {http::status::internal_server_error, "the database failed; the vigild log has the details", 0};
}

StoreFailure report_store_failure(const engine::StoreError& error, const char* route_kind) {
  if (error.transient())
    spdlog::warn("{}: database unavailable ({}): {}", route_kind, engine::store_error_name(error.kind()), error.what());
  else
    spdlog::error("{}: database failed: {}", route_kind, error.what());
  return describe_store_failure(error);
}

void set_retry_after(Response& response, const StoreFailure& failure) {
  if (failure.retry_after_seconds > 0)
    response.set(http::field::retry_after, std::to_string(failure.retry_after_seconds));
}

Response store_failure_response(const Request& request, const engine::StoreError& error) {
  const auto failure = report_store_failure(error, "request");
  auto response =
      json_error(request, failure.status, error.transient() ? "store_unavailable" : "internal_error", failure.reason);
  set_retry_after(response, failure);
  return response;
}

}  // namespace vigil::api
