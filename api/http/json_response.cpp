#include "api/http/json_response.hpp"

#include <boost/beast/http/field.hpp>

#include "engine/event/json_text.hpp"

namespace vigil::api {

Response json_response(const Request& request, http::status status, const nlohmann::json& body) {
  // Replaces invalid UTF-8 rather than throw: documents echo shipper input.
  return json_text_response(request, status, engine::json_text(body));
}

Response json_text_response(const Request& request, http::status status, std::string text) {
  Response res{status, request.version()};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(request.keep_alive());
  res.body() = std::move(text);
  return res;
}

nlohmann::json error_body(http::status status, const std::string& type, const std::string& reason) {
  return {{"error",
           {{"root_cause", nlohmann::json::array({{{"type", type}, {"reason", reason}}})},
            {"type", type},
            {"reason", reason}}},
          {"status", static_cast<int>(status)}};
}

Response json_error(const Request& request, http::status status, const std::string& type, const std::string& reason) {
  return json_response(request, status, error_body(status, type, reason));
}

}  // namespace vigil::api
