#pragma once

#include <map>
#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api/http/memory_budget.hpp"

namespace vigil::api {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// What the server knows of a request beyond its message.
struct RequestOrigin {
  std::string remote_address;  // "127.0.0.1", "::1"
  bool loopback = false;
  bool tls = false;
  // This request's share of server.request_memory_limit while it is
  // handled (its body as read is already held): handlers grow it before
  // making large copies of the body. Null outside the server (unit tests).
  MemoryBudget::Reservation* memory = nullptr;
};

// A request as handlers see it: the message, the decoded path, its route
// parameters ("{index}" → value) and the decoded query string.
struct RequestContext {
  const Request& request;
  std::string path;
  std::map<std::string, std::string> params;
  std::multimap<std::string, std::string> query;
  RequestOrigin origin;
  std::string route;  // the matched pattern, "/api/v1/alerts/{id}"
  // Who is asking: the authenticated API key's name, "anonymous" when no
  // keys are configured (protected mode). Triage history records it.
  std::string principal = "anonymous";

  const std::string* param(const std::string& name) const {
    const auto it = params.find(name);
    return it == params.end() ? nullptr : &it->second;
  }
  const std::string* query_value(const std::string& name) const {
    const auto it = query.find(name);
    return it == query.end() ? nullptr : &it->second;
  }
};

}  // namespace vigil::api
