#include "api/ingest/ingest_request.hpp"

#include <spdlog/spdlog.h>

#include "api/handlers/es_response.hpp"
#include "api/http/store_failure.hpp"
#include "api/ingest/body_decoder.hpp"
#include "api/ingest/event_writer.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::api {
std::variant<std::string, Response> read_ingest_body(const RequestContext& ctx, std::size_t limit) {
  // The media type was checked with the header (RequestGuard).
  const auto& req = ctx.request;
  auto decoded = decode_body(req.body(), req[http::field::content_encoding], limit);
  if (auto* error = std::get_if<DecodeError>(&decoded))
    return es_error(req, static_cast<http::status>(error->status), error->type, error->reason);
  return std::move(std::get<std::string>(decoded));
}

Response write_failure_response(const Request& request, const std::exception& error) {
  if (dynamic_cast<const WriterSaturated*>(&error))
    return es_error(request, http::status::too_many_requests, "es_rejected_execution_exception", error.what());
  if (const auto* store = dynamic_cast<const engine::StoreError*>(&error)) {
    // Elasticsearch's type for "cannot write now, retry": shippers retry a
    // 503 whatever its type; the reason says which condition it was.
    const auto failure = report_store_failure(*store, "ingest");
    auto response = es_error(request, failure.status,
                             store->transient() ? "unavailable_shards_exception" : "internal_error", failure.reason);
    set_retry_after(response, failure);
    return response;
  }
  spdlog::error("ingest: write failed: {}", error.what());
  return es_error(request, http::status::internal_server_error, "internal_error",
                  std::string("write failed, nothing was stored: ") + error.what());
}

}  // namespace vigil::api
