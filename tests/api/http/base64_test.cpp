#include "api/http/base64.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, UrlAlphabetHasNoPaddingPlusOrSlash) {
  const std::string bytes("\xfb\xff\xbf", 3);
  EXPECT_EQ(base64_encode(bytes), "+/+/");
  EXPECT_EQ(base64_encode(bytes, true), "-_-_");
  EXPECT_EQ(base64_encode("f", true), "Zg");
}

TEST(Base64, DecodesWithOrWithoutPadding) {
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zg"), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  const std::string binary("\0\x01\xfe\xff", 4);
  EXPECT_EQ(base64_decode(base64_encode(binary)), binary);
}

TEST(Base64, RejectsMalformedInput) {
  EXPECT_FALSE(base64_decode("Zm9v!"));     // not in the alphabet
  EXPECT_FALSE(base64_decode("Z"));         // a lone sextet
  EXPECT_FALSE(base64_decode("Zg="));       // padding without a whole quantum
  EXPECT_FALSE(base64_decode("Z==="));      // three '='
  EXPECT_FALSE(base64_decode("Zg==Zg=="));  // padding in the middle
  EXPECT_FALSE(base64_decode("Zm 9v"));     // whitespace
  EXPECT_FALSE(base64_decode("-_-_"));      // URL alphabet where the standard one is expected
}

}  // namespace
}  // namespace vigil::api
