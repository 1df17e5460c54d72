#include "outputs/syslog_sink.hpp"

namespace vigil::outputs {

namespace net = boost::asio;
using engine::outputs::DeliveryResult;

SyslogSink::SyslogSink(SyslogOptions options)
    : options_(std::move(options)),
      tls_(options_.transport == SyslogTransport::kTls ? make_client_tls_context(options_.ca_file) : nullptr) {
  if (options_.transport != SyslogTransport::kUdp) stream_.emplace(tls_.get(), options_.timeout);
}

DeliveryResult SyslogSink::send_datagram(const std::string& message) {
  boost::system::error_code ec;
  if (!udp_) {
    net::ip::udp::resolver resolver(io_);
    const auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec) return DeliveryResult::retry("cannot resolve " + options_.host + ": " + ec.message());
    udp_.emplace(io_);
    net::connect(*udp_, endpoints, ec);
    if (ec) {
      udp_.reset();
      return DeliveryResult::retry("cannot reach " + options_.host + ": " + ec.message());
    }
  }
  udp_->send(net::buffer(message), 0, ec);
  if (ec) {
    // An ICMP port unreachable from an earlier datagram surfaces here.
    udp_.reset();
    return DeliveryResult::retry("sending to " + options_.host + " failed: " + ec.message());
  }
  return DeliveryResult::ok();
}

DeliveryResult SyslogSink::deliver(const engine::outputs::OutboxEntry& entry) {
  const auto message = syslog_message(options_.identity, options_.format, entry);
  if (!stream_) return send_datagram(message);
  if (stream_->peer_closed()) {
    const auto error = stream_->connect(options_.host, options_.port);
    if (!error.empty()) return DeliveryResult::retry(error);
  }
  const auto error = stream_->write(std::to_string(message.size()) + " " + message);
  return error.empty() ? DeliveryResult::ok() : DeliveryResult::retry(error);
}

}  // namespace vigil::outputs
