#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/role.hpp"

namespace vigil::api {

// One configured API key. Only the SHA-256 of the secret is known.
struct ApiKey {
  std::string name;
  RoleSet roles;
  std::string sha256;  // 64 lowercase hex digits
};

// Who made a request.
struct Principal {
  std::string name;
  RoleSet roles;
};

// The outcome of authenticate(): a principal, or why there is none (for
// the 401 body; it never contains the presented secret).
struct AuthResult {
  std::optional<Principal> principal;
  std::string reason;
};

// The configured API keys. Accepts, in the Authorization header:
//   ApiKey base64(NAME:KEY)   what Beats and Elastic Agent send for api_key: "NAME:KEY"
//   ApiKey KEY | Bearer KEY   the key alone
//   Basic base64(NAME:KEY)    for shippers that only do basic auth
// Digests are compared in constant time (CRYPTO_memcmp) and every
// configured digest is compared for a bare key, so timing tells nothing
// about which key or how much of it matched. Immutable after
// construction, so thread-safe.
class KeyRegistry {
 public:
  // Longer Authorization values are refused unread.
  static constexpr std::size_t kMaxHeaderLength = 4096;

  KeyRegistry() = default;
  // Throws std::invalid_argument for an empty or duplicate name, a name
  // with ':', a digest that is not 64 lowercase hex digits, the digest of
  // the empty secret, or a digest two keys share (a bare key would get
  // whichever key's roles matched last).
  explicit KeyRegistry(std::vector<ApiKey> keys);

  bool empty() const { return keys_.empty(); }
  std::size_t size() const { return keys_.size(); }

  AuthResult authenticate(std::string_view authorization) const;

 private:
  // The key named `name` whose digest matches `secret`, else nullopt.
  std::optional<Principal> check_named(std::string_view name, std::string_view secret) const;
  // The key whose digest matches `secret`, else nullopt.
  std::optional<Principal> check_bare(std::string_view secret) const;

  std::vector<ApiKey> keys_;
};

// A new random key: 32 bytes from OpenSSL's RAND_bytes as unpadded
// base64url (43 characters, never ':'). Throws std::runtime_error when the
// random generator fails.
std::string generate_api_key();

}  // namespace vigil::api
