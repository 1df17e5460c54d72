#include "tests/support/https_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "tests/support/beast_response.hpp"

namespace vigil::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

HttpResponse https_request(const std::string& host, unsigned short port, const HttpsClientOptions& options,
                           const std::string& method, const std::string& target,
                           const std::map<std::string, std::string>& headers) {
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(options.ca_file.string());
  ctx.set_verify_mode(ssl::verify_peer);
  if (!options.cert_file.empty()) {
    ctx.use_certificate_chain_file(options.cert_file.string());
    ctx.use_private_key_file(options.key_file.string(), ssl::context::pem);
  }
  if (options.max_version) {
    // An outdated client: allow the old version at all (OpenSSL 3 forbids
    // it at the default security level) and offer nothing newer.
    SSL_CTX_set_security_level(ctx.native_handle(), 0);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx.native_handle(), options.max_version);
    SSL_CTX_set_cipher_list(ctx.native_handle(), "DEFAULT:@SECLEVEL=0");
  }
  net::io_context io;
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  // The server certificate names its IP address; check it like a client would.
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.native_handle()), host.c_str());
  beast::get_lowest_layer(stream).connect(tcp::endpoint(net::ip::make_address(host), port));
  stream.handshake(ssl::stream_base::client);

  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, host);
  for (const auto& [k, v] : headers) req.set(k, v);
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);

  auto out = to_test_response(std::move(res));
  beast::error_code ignored;
  stream.shutdown(ignored);
  return out;
}

}  // namespace vigil::test
