#include "api/ingest/ingest_request.hpp"

#include <spdlog/spdlog.h>

#include "api/http/es_response.hpp"
#include "api/http/store_failure.hpp"
#include "api/ingest/body_decoder.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::api {
std::variant<std::string, Response> read_ingest_body(const RequestContext& ctx, std::size_t limit) {
  // The media type was checked with the header (RequestGuard).
  const auto& req = ctx.request;
  auto decoded = decode_body(req.body(), req[http::field::content_encoding], limit, ctx.origin.memory);
  if (auto* error = std::get_if<DecodeError>(&decoded)) {
    auto response = es_error(req, static_cast<http::status>(error->status), error->type, error->reason);
    if (error->status == 429) response.set(http::field::retry_after, "1");
    return response;
  }
  return std::move(std::get<std::string>(decoded));
}

WriteFailure describe_write_failure(const std::exception& error) {
  if (const auto* store = dynamic_cast<const engine::StoreError*>(&error)) {
    // Elasticsearch's type for "cannot write now, retry": shippers retry a
    // 503 whatever its type; the reason says which condition it was.
    const auto failure = report_store_failure(*store, "ingest");
    return {failure.status, store->transient() ? "unavailable_shards_exception" : "internal_error", failure.reason,
            failure.retry_after_seconds};
  }
  spdlog::error("ingest: write failed: {}", error.what());
  return {http::status::internal_server_error, "internal_error",
          std::string("write failed, nothing was stored: ") + error.what(), 0};
}

WriteFailure saturation_failure(std::string reason) {
  return {http::status::too_many_requests, "es_rejected_execution_exception", std::move(reason), 0};
}

Response write_failure_response(const Request& request, const WriteFailure& failure) {
  auto response = es_error(request, failure.status, failure.type, failure.reason);
  if (failure.retry_after_seconds > 0)
    response.set(http::field::retry_after, std::to_string(failure.retry_after_seconds));
  return response;
}

}  // namespace vigil::api
