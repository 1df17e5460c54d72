#include "tests/support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "tests/support/beast_response.hpp"

namespace vigil::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpClient::Impl {
  std::string host;
  unsigned short port;
  net::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  void connect() {
    stream.emplace(io);
    stream->connect(tcp::endpoint(net::ip::make_address(host), port));
    buffer.clear();
  }

  HttpResponse exchange(const std::string& method, const std::string& target, const std::string& body,
                        const std::map<std::string, std::string>& headers) {
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    // An IPv6 literal is bracketed in Host (RFC 3986's IP-literal), as in URLs.
    req.set(http::field::host, host.find(':') == std::string::npos ? host : "[" + host + "]");
    // As Elasticsearch clients do; vigild refuses a body without a JSON type.
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(*stream, req);
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    http::read(*stream, buffer, parser);
    auto res = parser.release();
    if (!res.keep_alive()) stream.reset();
    return to_test_response(std::move(res));
  }
};

HttpResponse to_test_response(http::response<http::string_body>&& res) {
  HttpResponse out;
  out.status = res.result_int();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = std::move(res.body());
  return out;
}

HttpClient::HttpClient(std::string host, unsigned short port) : impl_(new Impl{std::move(host), port, {}, {}, {}}) {}

HttpClient::~HttpClient() { delete impl_; }

HttpResponse HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                                 const std::map<std::string, std::string>& headers) {
  // One retry on a fresh connection covers a keep-alive connection the
  // server closed between calls.
  for (int attempt = 0;; ++attempt) {
    try {
      if (!impl_->stream) impl_->connect();
      return impl_->exchange(method, target, body, headers);
    } catch (const beast::system_error&) {
      impl_->stream.reset();
      if (attempt == 1) throw;
    }
  }
}

}  // namespace vigil::test
