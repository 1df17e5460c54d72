#include "api/http/auth.hpp"

#include <gtest/gtest.h>

#include <set>

#include "api/http/base64.hpp"
#include "engine/detect/sha256.hpp"

namespace vigil::api {
namespace {

constexpr const char* kReadKey = "r3ad-k3y_secret";
constexpr const char* kIngestKey = "ingest-secret";

KeyRegistry registry() {
  return KeyRegistry({{"soc-dashboard", {Role::read}, engine::detect::sha256_hex(kReadKey)},
                      {"winlogbeat", {Role::ingest}, engine::detect::sha256_hex(kIngestKey)}});
}

std::string who(const AuthResult& r) { return r.principal ? r.principal->name : "(none: " + r.reason + ")"; }

TEST(KeyRegistry, AcceptsTheFourAuthorizationForms) {
  const auto keys = registry();
  EXPECT_EQ(who(keys.authenticate("ApiKey " + base64_encode("soc-dashboard:r3ad-k3y_secret"))), "soc-dashboard");
  EXPECT_EQ(who(keys.authenticate(std::string("ApiKey ") + kReadKey)), "soc-dashboard");
  EXPECT_EQ(who(keys.authenticate(std::string("Bearer ") + kIngestKey)), "winlogbeat");
  EXPECT_EQ(who(keys.authenticate("Basic " + base64_encode("winlogbeat:ingest-secret"))), "winlogbeat");
  // Schemes are case-insensitive (RFC 7235); surrounding blanks are ignored.
  EXPECT_EQ(who(keys.authenticate(std::string("bearer  ") + kReadKey + " ")), "soc-dashboard");
}

TEST(KeyRegistry, ReturnsTheKeysRoles) {
  const auto r = registry().authenticate(std::string("Bearer ") + kIngestKey);
  ASSERT_TRUE(r.principal);
  EXPECT_EQ(r.principal->roles, (RoleSet{Role::ingest}));
}

TEST(KeyRegistry, RefusesWrongSecretsAndMismatchedNames) {
  const auto keys = registry();
  EXPECT_FALSE(keys.authenticate("Bearer wrong").principal);
  EXPECT_FALSE(keys.authenticate(std::string("Bearer ") + kReadKey + "x").principal);
  // A real key under another key's name is refused: the pair must match.
  EXPECT_FALSE(keys.authenticate("Basic " + base64_encode(std::string("winlogbeat:") + kReadKey)).principal);
  EXPECT_FALSE(keys.authenticate("ApiKey " + base64_encode(std::string("winlogbeat:") + kReadKey)).principal);
  EXPECT_FALSE(keys.authenticate("Basic " + base64_encode(std::string("nobody:") + kReadKey)).principal);
  EXPECT_EQ(keys.authenticate("Bearer wrong").reason, "invalid API key");
}

TEST(KeyRegistry, MalformedHeadersGiveReasonsNotCrashes) {
  const auto keys = registry();
  const auto reason = [&](std::string_view header) {
    const auto r = keys.authenticate(header);
    EXPECT_FALSE(r.principal) << header;
    return r.reason;
  };
  EXPECT_NE(reason("").find("missing"), std::string::npos);
  EXPECT_NE(reason("   ").find("missing"), std::string::npos);
  EXPECT_NE(reason("Digest abc").find("unsupported authorization scheme 'Digest'"), std::string::npos);
  EXPECT_NE(reason("Bearer").find("expected 'SCHEME CREDENTIALS'"), std::string::npos);
  EXPECT_NE(reason("Bearer ").find("expected 'SCHEME CREDENTIALS'"), std::string::npos);
  EXPECT_NE(reason("Basic !!!").find("not base64"), std::string::npos);
  EXPECT_NE(reason("Basic " + base64_encode("no-colon")).find("NAME:KEY"), std::string::npos);
  EXPECT_NE(reason("Bearer " + std::string(KeyRegistry::kMaxHeaderLength, 'a')).find("longer than"), std::string::npos);
  EXPECT_EQ(reason(std::string("ApiKey \0\xff", 9)), "invalid API key");
}

TEST(KeyRegistry, ReasonsNeverEchoTheSecret) {
  const auto keys = registry();
  for (const std::string& header : std::vector<std::string>{
           "s3cr3t-value", "Bearer s3cr3t-value", "ApiKey s3cr3t-value", "Basic " + base64_encode("x:s3cr3t-value")})
    EXPECT_EQ(keys.authenticate(header).reason.find("s3cr3t"), std::string::npos) << header;
}

TEST(KeyRegistry, RejectsBadConfiguration) {
  const auto digest = engine::detect::sha256_hex("k");
  EXPECT_THROW(KeyRegistry({{"", {Role::read}, digest}}), std::invalid_argument);
  EXPECT_THROW(KeyRegistry({{"a:b", {Role::read}, digest}}), std::invalid_argument);
  EXPECT_THROW(KeyRegistry({{"a", {Role::read}, "ABC"}}), std::invalid_argument);
  std::string upper = digest;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_THROW(KeyRegistry({{"a", {Role::read}, upper}}), std::invalid_argument);
  EXPECT_THROW(KeyRegistry({{"a", {Role::read}, digest}, {"a", {Role::write}, digest}}), std::invalid_argument);
  EXPECT_TRUE(KeyRegistry().empty());
}

// The empty secret is what "Bearer " or "NAME:" sends; a key with its digest
// would let such a request in as whatever roles that key has.
TEST(KeyRegistry, RefusesTheDigestOfTheEmptySecret) {
  try {
    KeyRegistry({{"blank", {Role::admin}, engine::detect::sha256_hex("")}});
    FAIL() << "accepted the empty secret's digest";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "API key 'blank': sha256 is the SHA-256 of the empty string");
  }
}

// One secret for two keys: a bare key would authenticate as either, roles included.
TEST(KeyRegistry, RefusesTwoKeysWithOneDigestWhateverTheirRoles) {
  const auto digest = engine::detect::sha256_hex("shared");
  try {
    KeyRegistry({{"reader", {Role::read}, digest}, {"boss", {Role::admin}, digest}});
    FAIL() << "accepted a shared digest";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "API keys 'reader' and 'boss' have the same sha256");
  }
  EXPECT_THROW(KeyRegistry({{"a", {Role::read}, digest}, {"b", {Role::read}, digest}}), std::invalid_argument);
}

TEST(GenerateApiKey, IsRandomBase64UrlWithoutColon) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const auto key = generate_api_key();
    EXPECT_EQ(key.size(), 43u);  // 32 bytes, unpadded
    EXPECT_EQ(key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    seen.insert(key);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(GenerateApiKey, AuthenticatesAgainstItsDigest) {
  const auto key = generate_api_key();
  const KeyRegistry keys({{"ci", {Role::admin}, engine::detect::sha256_hex(key)}});
  EXPECT_EQ(who(keys.authenticate("Bearer " + key)), "ci");
  EXPECT_EQ(who(keys.authenticate("ApiKey " + base64_encode("ci:" + key))), "ci");
}

TEST(Role, ParsesTheFourNames) {
  for (const auto* name : {"ingest", "read", "write", "admin"}) {
    const auto role = parse_role(name);
    ASSERT_TRUE(role) << name;
    EXPECT_EQ(role_name(*role), name);
  }
  EXPECT_FALSE(parse_role("Admin"));
  EXPECT_EQ((RoleSet{Role::admin, Role::ingest}).to_string(), "ingest, admin");
  EXPECT_EQ(RoleSet().to_string(), "none");
}

}  // namespace
}  // namespace vigil::api
