#pragma once

#include "api/http/json_response.hpp"

namespace vigil::api {

// Elasticsearch clients (elasticsearch-js, -py, .NET, Kibana) refuse 2xx
// responses that lack this header, so every Elasticsearch-compatible route
// sends it, errors included.
Response es_response(const Request& request, http::status status, const nlohmann::json& body);
Response es_text_response(const Request& request, http::status status, std::string text);
Response es_error(const Request& request, http::status status, const std::string& type, const std::string& reason);

}  // namespace vigil::api
