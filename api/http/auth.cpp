#include "api/http/auth.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

#include "api/http/base64.hpp"
#include "api/http/split.hpp"
#include "engine/detect/sha256.hpp"
#include "engine/text/ascii.hpp"

namespace vigil::api {
namespace {

bool is_lower_hex_digest(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool equal_digests(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

AuthResult refuse(std::string reason) { return {std::nullopt, std::move(reason)}; }

constexpr const char* kInvalidKey = "invalid API key";

}  // namespace

KeyRegistry::KeyRegistry(std::vector<ApiKey> keys) : keys_(std::move(keys)) {
  const auto empty_secret_digest = engine::detect::sha256_hex("");
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const auto& k = keys_[i];
    if (k.name.empty()) throw std::invalid_argument("API key " + std::to_string(i) + " has no name");
    if (k.name.find(':') != std::string::npos)
      throw std::invalid_argument("API key name '" + k.name + "' contains ':'");
    if (!is_lower_hex_digest(k.sha256))
      throw std::invalid_argument("API key '" + k.name + "': sha256 must be 64 lowercase hex digits");
    if (k.sha256 == empty_secret_digest)
      throw std::invalid_argument("API key '" + k.name + "': sha256 is the SHA-256 of the empty string");
    for (std::size_t j = 0; j < i; ++j) {
      if (keys_[j].name == k.name) throw std::invalid_argument("API key name '" + k.name + "' appears twice");
      if (keys_[j].sha256 == k.sha256)
        throw std::invalid_argument("API keys '" + keys_[j].name + "' and '" + k.name + "' have the same sha256");
    }
  }
}

std::optional<Principal> KeyRegistry::check_named(std::string_view name, std::string_view secret) const {
  const auto digest = engine::detect::sha256_hex(secret);
  for (const auto& k : keys_)
    if (k.name == name) {
      if (equal_digests(digest, k.sha256)) return Principal{k.name, k.roles};
      return std::nullopt;
    }
  return std::nullopt;
}

std::optional<Principal> KeyRegistry::check_bare(std::string_view secret) const {
  const auto digest = engine::detect::sha256_hex(secret);
  // No early exit: every digest is compared whichever matches.
  const ApiKey* found = nullptr;
  for (const auto& k : keys_)
    if (equal_digests(digest, k.sha256)) found = &k;
  if (!found) return std::nullopt;
  return Principal{found->name, found->roles};
}

AuthResult KeyRegistry::authenticate(std::string_view authorization) const {
  if (authorization.size() > kMaxHeaderLength)
    return refuse("the Authorization header is longer than " + std::to_string(kMaxHeaderLength) + " bytes");
  authorization = trim(authorization);
  if (authorization.empty()) return refuse("missing authentication credentials (Authorization header)");
  const auto space = authorization.find(' ');
  // A header without a space may be a bare secret: never echo it.
  if (space == std::string_view::npos)
    return refuse("expected 'SCHEME CREDENTIALS' with scheme ApiKey, Bearer or Basic");
  const auto scheme = authorization.substr(0, space);
  const auto credentials = trim(authorization.substr(space));
  const bool api_key = engine::text::equals_ascii_ci(scheme, "ApiKey");
  const bool bearer = engine::text::equals_ascii_ci(scheme, "Bearer");
  const bool basic = engine::text::equals_ascii_ci(scheme, "Basic");
  if (!api_key && !bearer && !basic)
    return refuse("unsupported authorization scheme '" + std::string(scheme.substr(0, 32)) +
                  "'; use ApiKey, Bearer or Basic");

  if (bearer) {
    auto p = check_bare(credentials);
    return p ? AuthResult{std::move(p), {}} : refuse(kInvalidKey);
  }
  const auto decoded = base64_decode(credentials);
  const auto colon = decoded ? decoded->find(':') : std::string::npos;
  if (basic) {
    if (!decoded) return refuse("malformed Basic credentials: not base64");
    if (colon == std::string::npos) return refuse("malformed Basic credentials: expected base64(NAME:KEY)");
  }
  if (decoded && colon != std::string::npos) {
    const std::string_view pair = *decoded;
    if (auto p = check_named(pair.substr(0, colon), pair.substr(colon + 1))) return {std::move(p), {}};
    if (basic) return refuse(kInvalidKey);
    // Not a NAME:KEY pair after all: a bare key may happen to decode as
    // base64, so it is tried as one below.
  }
  auto p = check_bare(credentials);
  return p ? AuthResult{std::move(p), {}} : refuse(kInvalidKey);
}

std::string generate_api_key() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed: no random key");
  return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes), true);
}

}  // namespace vigil::api
