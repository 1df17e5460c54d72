#include "outputs/webhook_sink.hpp"

#include "config/version.hpp"
#include "outputs/hmac.hpp"

namespace vigil::outputs {

namespace http = boost::beast::http;
using engine::outputs::DeliveryResult;

WebhookSink::WebhookSink(WebhookOptions options)
    : options_(std::move(options)),
      tls_(options_.url.tls ? make_client_tls_context(options_.ca_file) : nullptr),
      stream_(tls_.get(), options_.timeout) {}

DeliveryResult WebhookSink::deliver(const engine::outputs::OutboxEntry& entry) {
  http::request<http::string_body> request{http::verb::post, options_.url.target, 11};
  request.set(http::field::host, options_.url.host_header());
  request.set(http::field::user_agent, std::string("vigild/") + kVersion);
  request.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : options_.headers) request.set(name, value);
  request.set("Idempotency-Key", entry.idempotency_key());
  request.set("X-Vigil-Event", entry.type());
  request.body() = webhook_body(options_.body, entry);
  if (!options_.hmac_secret.empty())
    request.set(options_.signature_header, "sha256=" + hmac_sha256_hex(options_.hmac_secret, request.body()));
  request.keep_alive(true);
  request.prepare_payload();

  // A kept connection the receiver has closed since fails at once; one
  // fresh connection then tells a closed idle connection from a down receiver.
  const bool reused = stream_.is_open();
  std::string error;
  http::response<http::string_body> response;
  for (int attempt = 0; attempt < (reused ? 2 : 1); ++attempt) {
    if (!stream_.is_open()) {
      error = stream_.connect(options_.url.host, options_.url.port);
      if (!error.empty()) return DeliveryResult::retry(error);
    }
    error = stream_.exchange(request, response);
    if (error.empty()) break;
  }
  if (!error.empty()) return DeliveryResult::retry(error);
  const auto status = response.result_int();
  if (status >= 200 && status < 300) return DeliveryResult::ok();
  const auto why = "the receiver answered HTTP " + std::to_string(status);
  if (status == 408 || status == 429 || status >= 500) return DeliveryResult::retry(why);
  return DeliveryResult::refuse(why);
}

}  // namespace vigil::outputs
