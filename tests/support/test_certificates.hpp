#pragma once

#include <filesystem>

namespace vigil::test {

// A throw-away PKI written as PEM files into a directory: a CA, a server
// certificate for 127.0.0.1 (and "localhost") and a client certificate,
// both signed by the CA, with P-256 keys. Made with OpenSSL's C API, so
// tests need no openssl command. Valid from an hour ago for a day.
struct TestPki {
  std::filesystem::path ca_cert;
  std::filesystem::path server_cert;
  std::filesystem::path server_key;
  std::filesystem::path client_cert;
  std::filesystem::path client_key;
};

// Throws std::runtime_error when OpenSSL fails.
TestPki make_test_pki(const std::filesystem::path& dir);

}  // namespace vigil::test
