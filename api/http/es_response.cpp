#include "api/http/es_response.hpp"

#include "engine/event/json_text.hpp"

namespace vigil::api {

Response es_response(const Request& request, http::status status, const nlohmann::json& body) {
  return es_text_response(request, status, engine::json_text(body));
}

Response es_text_response(const Request& request, http::status status, std::string text) {
  auto res = json_text_response(request, status, std::move(text));
  res.set("X-Elastic-Product", "Elasticsearch");
  return res;
}

Response es_error(const Request& request, http::status status, const std::string& type, const std::string& reason) {
  return es_response(request, status, error_body(status, type, reason));
}

}  // namespace vigil::api
