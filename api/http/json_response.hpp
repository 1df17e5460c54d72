#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "api/http/types.hpp"

namespace vigil::api {

// A JSON response with the request's HTTP version and keep-alive.
Response json_response(const Request& request, http::status status, const nlohmann::json& body);
// The same with a body already written as JSON text.
Response json_text_response(const Request& request, http::status status, std::string text);

// The error shape every route uses, Elasticsearch's own, so shippers log the
// reason and client libraries raise their exception with its message:
// {"error":{"root_cause":[{"type","reason"}],"type","reason"},"status":N}.
Response json_error(const Request& request, http::status status, const std::string& type, const std::string& reason);

nlohmann::json error_body(http::status status, const std::string& type, const std::string& reason);

}  // namespace vigil::api
