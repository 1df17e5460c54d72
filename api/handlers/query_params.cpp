#include "api/handlers/query_params.hpp"

#include <charconv>

#include "api/http/json_response.hpp"

namespace vigil::api {

std::variant<std::size_t, Response> parse_limit(const RequestContext& ctx, std::size_t fallback, std::size_t max) {
  const auto* text = ctx.query_value("limit");
  if (!text) return fallback;
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() || value < 1 || value > max)
    return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception",
                      "limit must be a whole number from 1 to " + std::to_string(max) + ", got '" + *text + "'");
  return value;
}

}  // namespace vigil::api
