#include "api/ingest/parse_memory.hpp"

#include <string>

#include "api/handlers/es_response.hpp"

namespace vigil::api {

std::optional<Response> reserve_parse_memory(const RequestContext& ctx, std::size_t text_bytes) {
  auto* memory = ctx.origin.memory;
  if (!memory) return std::nullopt;
  const auto needed = text_bytes * kParsedBytesPerTextByte;
  if (memory->grow(needed)) return std::nullopt;
  const auto what =
      "a body of " + std::to_string(text_bytes) + " bytes needs about " + std::to_string(needed) + " bytes once parsed";
  if (needed + memory->bytes() > memory->capacity())
    return es_error(ctx.request, http::status::payload_too_large, "content_too_long_exception",
                    what + ", more than the " + std::to_string(memory->capacity()) +
                        " bytes of server.request_memory_limit; send smaller batches");
  auto busy = es_error(ctx.request, http::status::too_many_requests, "es_rejected_execution_exception",
                       what +
                           ", more than requests in flight leave free of server.request_memory_limit; retry with "
                           "back-off");
  busy.set(http::field::retry_after, "1");
  return busy;
}

}  // namespace vigil::api
