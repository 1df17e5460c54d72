#include "api/handlers/query_params.hpp"

#include <charconv>

#include "api/http/json_response.hpp"

namespace vigil::api {

std::variant<std::size_t, std::string> parse_limit_value(std::string_view text, std::size_t max) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 1 || value > max)
    return "limit must be a whole number from 1 to " + std::to_string(max) + ", got '" + std::string(text) + "'";
  return value;
}

std::variant<std::size_t, Response> parse_limit(const RequestContext& ctx, std::size_t fallback, std::size_t max) {
  const auto* text = ctx.query_value("limit");
  if (!text) return fallback;
  auto value = parse_limit_value(*text, max);
  if (auto* reason = std::get_if<std::string>(&value))
    return json_error(ctx.request, http::status::bad_request, "illegal_argument_exception", *reason);
  return std::get<std::size_t>(value);
}

}  // namespace vigil::api
