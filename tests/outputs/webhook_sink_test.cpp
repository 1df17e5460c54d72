// The webhook sender against a real HTTP receiver on a loopback port: what
// a request carries, which answers are deliveries, retries or refusals, a
// receiver that went away and came back, HTTPS with the receiver's
// certificate checked.
#include "outputs/webhook_sink.hpp"

#include <gtest/gtest.h>

#include "outputs/hmac.hpp"
#include "tests/outputs/test_entries.hpp"
#include "tests/outputs/test_server.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/webhook_receiver.hpp"

namespace vigil::outputs {
namespace {

WebhookSink sink_to(const test::WebhookReceiver& receiver, const std::string& secret = "") {
  WebhookOptions o;
  o.url = *parse_url(receiver.url("/in?tenant=corp"));
  o.headers = {{"Authorization", "Bearer t0ken"}};
  o.hmac_secret = secret;
  o.timeout = std::chrono::milliseconds(2000);
  return WebhookSink(o);
}

TEST(WebhookSink, PostsTheBodyWithItsKeyEventTypeHeadersAndSignature) {
  test::WebhookReceiver receiver;
  auto sink = sink_to(receiver, "k3y");
  ASSERT_TRUE(sink.deliver(testing::created_entry()).delivered);
  ASSERT_TRUE(sink.deliver(testing::triaged_entry()).delivered);
  const auto got = receiver.deliveries();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].target, "/in?tenant=corp");
  EXPECT_EQ(got[0].headers.at("idempotency-key"), "9f2c");
  EXPECT_EQ(got[0].headers.at("x-vigil-event"), "alert.created");
  EXPECT_EQ(got[0].headers.at("authorization"), "Bearer t0ken");
  EXPECT_EQ(got[0].headers.at("x-vigil-signature-256"), "sha256=" + hmac_sha256_hex("k3y", got[0].body));
  EXPECT_EQ(nlohmann::json::parse(got[0].body)["alert"]["id"], "9f2c");
  EXPECT_EQ(got[1].headers.at("idempotency-key"), "9f2c:triage:9");
}

TEST(WebhookSink, WithoutASecretNothingIsSigned) {
  test::WebhookReceiver receiver;
  auto sink = sink_to(receiver);
  ASSERT_TRUE(sink.deliver(testing::created_entry()).delivered);
  EXPECT_FALSE(receiver.deliveries()[0].headers.contains("x-vigil-signature-256"));
}

TEST(WebhookSink, ServerErrorsAndThrottlingAreRetriedOtherRefusalsAreFinal) {
  test::WebhookReceiver receiver;
  auto sink = sink_to(receiver);
  for (int status : {500, 503, 429, 408}) {
    receiver.answer_with(status);
    const auto result = sink.deliver(testing::created_entry());
    EXPECT_FALSE(result.delivered) << status;
    EXPECT_FALSE(result.permanent) << status;
    EXPECT_EQ(result.error, "the receiver answered HTTP " + std::to_string(status));
  }
  for (int status : {400, 401, 404, 413}) {
    receiver.answer_with(status);
    const auto result = sink.deliver(testing::created_entry());
    EXPECT_TRUE(result.permanent) << status;
  }
  receiver.answer_with(202);
  EXPECT_TRUE(sink.deliver(testing::created_entry()).delivered);
}

TEST(WebhookSink, AReceiverThatIsDownIsRetriedAndOneThatCameBackIsReached) {
  test::WebhookReceiver receiver;
  auto sink = sink_to(receiver);
  ASSERT_TRUE(sink.deliver(testing::created_entry()).delivered);  // the connection is kept open
  receiver.stop();
  const auto down = sink.deliver(testing::created_entry());
  EXPECT_FALSE(down.delivered);
  EXPECT_FALSE(down.permanent);
  EXPECT_NE(down.error.find("cannot connect"), std::string::npos) << down.error;
  receiver.start();
  EXPECT_TRUE(sink.deliver(testing::created_entry()).delivered);
  EXPECT_EQ(receiver.deliveries().size(), 2u);
}

TEST(WebhookSink, HttpsChecksTheReceiversCertificate) {
  test::TempDir dir;
  const auto pki = test::make_test_pki(dir.path());
  std::atomic<int> requests{0};
  test::TestServer server(&pki, [&](auto read, auto write) {
    std::string request;
    char chunk[4096];
    while (request.find("\r\n\r\n") == std::string::npos) request.append(chunk, read(chunk, sizeof chunk));
    ++requests;
    write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  });
  WebhookOptions o;
  o.url = *parse_url("https://127.0.0.1:" + std::to_string(server.port()) + "/hook");
  o.timeout = std::chrono::milliseconds(2000);
  o.ca_file = pki.ca_cert.string();
  EXPECT_TRUE(WebhookSink(o).deliver(testing::created_entry()).delivered);
  o.ca_file.clear();
  const auto refused = WebhookSink(o).deliver(testing::created_entry());
  EXPECT_FALSE(refused.delivered);
  EXPECT_NE(refused.error.find("TLS handshake"), std::string::npos) << refused.error;
  EXPECT_EQ(requests, 1);
}

}  // namespace
}  // namespace vigil::outputs
