#include "api/handlers/es_query_params.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "api/http/es_response.hpp"

namespace vigil::api {
namespace {

constexpr std::array<std::string_view, 6> kCommonParameters = {"pretty",      "human",  "error_trace",
                                                               "filter_path", "source", "source_content_type"};

bool known(std::string_view name, std::span<const std::string_view> accepted) {
  return std::find(kCommonParameters.begin(), kCommonParameters.end(), name) != kCommonParameters.end() ||
         std::find(accepted.begin(), accepted.end(), name) != accepted.end();
}

}  // namespace

std::optional<Response> unrecognized_parameters(const RequestContext& ctx, std::span<const std::string_view> accepted) {
  std::string names;
  std::size_t count = 0;
  // The multimap is in name order; a repeated name is named once.
  for (auto it = ctx.query.begin(); it != ctx.query.end(); it = ctx.query.upper_bound(it->first)) {
    if (known(it->first, accepted)) continue;
    names += (count++ ? ", [" : "[") + it->first + "]";
  }
  if (count == 0) return std::nullopt;
  return es_error(ctx.request, http::status::bad_request, "illegal_argument_exception",
                  "request [" + ctx.path + "] contains unrecognized parameter" + (count > 1 ? "s" : "") + ": " + names);
}

Handler accepting_parameters(std::vector<std::string_view> accepted, Handler handler) {
  return [accepted = std::move(accepted), handler = std::move(handler)](const RequestContext& ctx) {
    if (auto refused = unrecognized_parameters(ctx, accepted)) return std::move(*refused);
    return handler(ctx);
  };
}

}  // namespace vigil::api
