#include "api/http/tls_context.hpp"

#include <openssl/ssl.h>

#include <stdexcept>
#include <string>

namespace vigil::api {

namespace net = boost::asio;

namespace {

// Loads one PEM file into the context; the error names the option and the file.
template <class Load>
void load_pem(const char* option, const std::string& file, Load load) {
  try {
    load(file);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(std::string(option) + " " + file + ": cannot load: " + e.code().message());
  }
}

}  // namespace

std::unique_ptr<net::ssl::context> make_tls_context(const HttpServerOptions& o) {
  if (o.tls_cert_file.empty()) return nullptr;
  auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                   net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use);
  // The option bits above only exclude old versions OpenSSL knows of; a
  // minimum excludes anything below TLS 1.2 whatever the system defaults.
  if (SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION) != 1)
    throw std::runtime_error("TLS: cannot set TLS 1.2 as the minimum protocol version");
  // Client-initiated renegotiation only costs the server CPU.
  SSL_CTX_set_options(ctx->native_handle(), SSL_OP_NO_RENEGOTIATION);
  load_pem("tls.cert_file", o.tls_cert_file, [&](const std::string& f) { ctx->use_certificate_chain_file(f); });
  load_pem("tls.key_file", o.tls_key_file,
           [&](const std::string& f) { ctx->use_private_key_file(f, net::ssl::context::pem); });
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
    throw std::runtime_error("tls.key_file " + o.tls_key_file + " does not match tls.cert_file " + o.tls_cert_file);
  if (!o.tls_client_ca_file.empty()) {
    load_pem("tls.client_ca_file", o.tls_client_ca_file, [&](const std::string& f) { ctx->load_verify_file(f); });
    // Tell clients which CA to pick a certificate for.
    SSL_CTX_set_client_CA_list(ctx->native_handle(), SSL_load_client_CA_file(o.tls_client_ca_file.c_str()));
    ctx->set_verify_mode(net::ssl::verify_peer | net::ssl::verify_fail_if_no_peer_cert);
  }
  return ctx;
}

}  // namespace vigil::api
