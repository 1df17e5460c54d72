#pragma once

#include <memory>

#include <boost/asio/ssl/context.hpp>

#include "api/http/http_server.hpp"

namespace vigil::api {

// The server's TLS context from the options' PEM files (TLS 1.2 and later,
// no renegotiation, client certificates when tls_client_ca_file is set), or
// null when no certificate is configured (plain HTTP). Throws
// std::runtime_error naming the option and the file that cannot be loaded.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const HttpServerOptions& o);

}  // namespace vigil::api
