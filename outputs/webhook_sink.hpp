#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "engine/outputs/sink.hpp"
#include "outputs/byte_stream.hpp"
#include "outputs/url.hpp"
#include "outputs/webhook_body.hpp"

namespace vigil::outputs {

struct WebhookOptions {
  Url url;
  WebhookTemplate body = WebhookTemplate::kRaw;
  std::map<std::string, std::string> headers;  // sent with every request
  std::string hmac_secret;                     // empty: unsigned
  std::string signature_header = "X-Vigil-Signature-256";
  std::chrono::milliseconds timeout{10000};
  std::string ca_file;  // https: empty trusts the system's CA store
};

// POSTs each entry as JSON to one URL. Every request carries
// Idempotency-Key (the entry's key: the alert id for a new alert) and
// X-Vigil-Event (alert.created | alert.triaged); with a secret, the
// signature header holds "sha256=" and the HMAC-SHA256 of the exact body.
// A 2xx answer is a delivery; 408, 429 and 5xx (and no answer) are retried;
// any other status is refused for good. The connection is kept open between
// deliveries when the receiver allows it.
class WebhookSink final : public engine::outputs::Sink {
 public:
  explicit WebhookSink(WebhookOptions options);

  engine::outputs::DeliveryResult deliver(const engine::outputs::OutboxEntry& entry) override;

 private:
  WebhookOptions options_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  ByteStream stream_;
};

}  // namespace vigil::outputs
