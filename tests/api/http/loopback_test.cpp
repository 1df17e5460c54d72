#include "api/http/loopback.hpp"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(Loopback, RecognisesLoopbackHosts) {
  for (const auto* host : {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"})
    EXPECT_TRUE(is_loopback_host(host)) << host;
  for (const auto* host : {"0.0.0.0", "::", "10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", "localhost", ""})
    EXPECT_FALSE(is_loopback_host(host)) << host;
}

}  // namespace
}  // namespace vigil::api
