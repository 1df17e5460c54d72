#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "tests/support/http_client.hpp"

namespace vigil::test {

struct HttpsClientOptions {
  std::filesystem::path ca_file;    // trusted CA for the server certificate (verified, with its IP)
  std::filesystem::path cert_file;  // client certificate for mTLS; empty: none
  std::filesystem::path key_file;
  int max_version = 0;  // e.g. TLS1_1_VERSION to play an outdated client; 0: library default
};

// One HTTPS request on a fresh connection: handshake, request, response.
// Throws boost::system::system_error when the handshake or exchange fails
// (a refused protocol version, a missing client certificate).
HttpResponse https_request(const std::string& host, unsigned short port, const HttpsClientOptions& options,
                           const std::string& method, const std::string& target,
                           const std::map<std::string, std::string>& headers = {});

}  // namespace vigil::test
