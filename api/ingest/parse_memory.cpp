#include "api/ingest/parse_memory.hpp"

#include <algorithm>
#include <string>

#include "api/http/es_response.hpp"

namespace vigil::api {
namespace {

std::optional<Response> reserve(const RequestContext& ctx, std::size_t needed, const std::string& what) {
  auto* memory = ctx.origin.memory;
  if (!memory || memory->grow(needed)) return std::nullopt;
  const auto about = what + " needs about " + std::to_string(needed) + " bytes";
  if (needed + memory->bytes() > memory->capacity())
    return es_error(ctx.request, http::status::payload_too_large, "content_too_long_exception",
                    about + ", more than the " + std::to_string(memory->capacity()) +
                        " bytes of server.request_memory_limit; send smaller batches");
  auto busy = es_error(ctx.request, http::status::too_many_requests, "es_rejected_execution_exception",
                       about +
                           ", more than requests in flight leave free of server.request_memory_limit; retry with "
                           "back-off");
  busy.set(http::field::retry_after, "1");
  return busy;
}

}  // namespace

std::optional<Response> reserve_parse_memory(const RequestContext& ctx, std::string_view text) {
  const auto containers = static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return c == '{' || c == '['; }));
  return reserve(ctx, text.size() * kParsedBytesPerTextByte + containers * kParsedBytesPerContainer,
                 "a body of " + std::to_string(text.size()) + " bytes and " + std::to_string(containers) +
                     " objects and arrays, once parsed,");
}

std::optional<Response> reserve_item_memory(const RequestContext& ctx, std::size_t items) {
  return reserve(ctx, items * kBytesPerItem, "handling " + std::to_string(items) + " items");
}

}  // namespace vigil::api
