#include "outputs/url.hpp"

#include <gtest/gtest.h>

namespace vigil::outputs {
namespace {

TEST(Url, SplitsSchemeHostPortAndTarget) {
  const auto a = parse_url("https://hooks.slack.com/services/T0/B0/XYZ");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->tls);
  EXPECT_EQ(a->host, "hooks.slack.com");
  EXPECT_EQ(a->port, 443);
  EXPECT_EQ(a->target, "/services/T0/B0/XYZ");
  EXPECT_EQ(a->host_header(), "hooks.slack.com");
  const auto b = parse_url("http://127.0.0.1:8080");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->port, 8080);
  EXPECT_EQ(b->target, "/");
  EXPECT_EQ(b->host_header(), "127.0.0.1:8080");
  const auto c = parse_url("http://[::1]:9000/x?y=1");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(c->target, "/x?y=1");
  EXPECT_EQ(c->host_header(), "[::1]:9000");
}

TEST(Url, RefusesWhatIsNoHttpUrl) {
  for (const char* bad :
       {"ftp://x/", "http://", "http://:80/", "http://x:0/", "http://x:99999/", "http://u:p@x/", "http://[::1/", "x"})
    EXPECT_FALSE(parse_url(bad)) << bad;
}

}  // namespace
}  // namespace vigil::outputs
