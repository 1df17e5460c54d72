#include "tests/support/test_certificates.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vigil::test {
namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what + " failed");
}

Key new_key() {
  Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  check(key != nullptr, "EC key generation");
  return key;
}

// A certificate for `key` named `cn`, signed by `issuer` (self-signed when
// null) with the given X.509v3 extensions (name, value as in openssl.cnf).
Cert new_cert(EVP_PKEY* key, const char* cn, long serial, X509* issuer, EVP_PKEY* issuer_key,
              const std::vector<std::pair<int, const char*>>& extensions) {
  Cert cert(X509_new(), X509_free);
  check(cert && X509_set_version(cert.get(), 2) == 1, "X509_new");
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Vigil tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509* signer = issuer ? issuer : cert.get();
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1, "X509_set_issuer_name");
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, signer, cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : extensions) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    check(ext != nullptr, value);
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  check(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

template <class Write>
void write_pem(const std::filesystem::path& path, Write write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "w"), BIO_free);
  check(bio != nullptr, "opening a PEM file");
  check(write(bio.get()) == 1, "writing a PEM file");
}

void write_cert(const std::filesystem::path& path, X509* cert) {
  write_pem(path, [cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
}

void write_key(const std::filesystem::path& path, EVP_PKEY* key) {
  write_pem(path,
            [key](BIO* bio) { return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); });
}

}  // namespace

TestPki make_test_pki(const std::filesystem::path& dir) {
  const auto ca_key = new_key();
  const auto ca = new_cert(ca_key.get(), "Vigil test CA", 1, nullptr, nullptr,
                           {{NID_basic_constraints, "critical,CA:TRUE"},
                            {NID_key_usage, "critical,keyCertSign,cRLSign"},
                            {NID_subject_key_identifier, "hash"}});
  const auto server_key = new_key();
  const auto server = new_cert(server_key.get(), "127.0.0.1", 2, ca.get(), ca_key.get(),
                               {{NID_basic_constraints, "critical,CA:FALSE"},
                                {NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                                {NID_ext_key_usage, "serverAuth"},
                                {NID_authority_key_identifier, "keyid:always"}});
  const auto client_key = new_key();
  const auto client = new_cert(client_key.get(), "vigil-test-client", 3, ca.get(), ca_key.get(),
                               {{NID_basic_constraints, "critical,CA:FALSE"},
                                {NID_ext_key_usage, "clientAuth"},
                                {NID_authority_key_identifier, "keyid:always"}});
  TestPki pki{dir / "ca.pem", dir / "server.pem", dir / "server.key", dir / "client.pem", dir / "client.key"};
  write_cert(pki.ca_cert, ca.get());
  write_cert(pki.server_cert, server.get());
  write_key(pki.server_key, server_key.get());
  write_cert(pki.client_cert, client.get());
  write_key(pki.client_key, client_key.get());
  return pki;
}

}  // namespace vigil::test
