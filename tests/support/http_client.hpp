#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace vigil::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// A small synchronous HTTP/1.1 client over Beast for tests: one connection,
// kept alive across calls, reconnecting when the server closed it.
class HttpClient {
 public:
  HttpClient(std::string host, unsigned short port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // A non-empty body goes as application/json unless `headers` name another Content-Type.
  HttpResponse request(const std::string& method, const std::string& target, const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {});
  HttpResponse get(const std::string& target) { return request("GET", target); }
  HttpResponse post(const std::string& target, const std::string& body,
                    const std::map<std::string, std::string>& headers = {{"Content-Type", "application/json"}}) {
    return request("POST", target, body, headers);
  }

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace vigil::test
