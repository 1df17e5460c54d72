#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "api/http/router.hpp"
#include "api/http/types.hpp"

namespace vigil::api {

// Elasticsearch refuses a query parameter its endpoint does not know, so a
// typo (?q= meant, ?qq= sent) or an option the endpoint cannot honour is
// reported instead of silently answered without it:
//   400 {"error":{"type":"illegal_argument_exception",
//        "reason":"request [/idx/_count] contains unrecognized parameter: [foo]",...},"status":400}
// (several: "parameters: [a], [b]", in name order). The parameters every
// Elasticsearch endpoint takes (pretty, human, error_trace, filter_path,
// source, source_content_type) are always accepted besides `accepted`.
// nullopt when every parameter is known.
std::optional<Response> unrecognized_parameters(const RequestContext& ctx, std::span<const std::string_view> accepted);

// `handler`, behind unrecognized_parameters(ctx, accepted).
Handler accepting_parameters(std::vector<std::string_view> accepted, Handler handler);

}  // namespace vigil::api
