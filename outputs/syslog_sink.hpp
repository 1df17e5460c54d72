#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/outputs/sink.hpp"
#include "outputs/byte_stream.hpp"
#include "outputs/syslog_message.hpp"

namespace vigil::outputs {

enum class SyslogTransport { kUdp, kTcp, kTls };

struct SyslogOptions {
  std::string host;
  std::uint16_t port = 514;
  SyslogTransport transport = SyslogTransport::kUdp;
  SyslogFormat format = SyslogFormat::kJson;
  SyslogIdentity identity;
  std::chrono::milliseconds timeout{10000};
  std::string ca_file;  // tls: empty trusts the system's CA store
};

// Sends each entry as one RFC 5424 message: a datagram over UDP (RFC 5426),
// octet-counted frames over TCP and TLS (RFC 6587, RFC 5425) on a connection
// kept open between messages. Over TCP and TLS a message the kernel accepted
// counts as delivered (syslog has no acknowledgement); over UDP, one sent.
class SyslogSink final : public engine::outputs::Sink {
 public:
  explicit SyslogSink(SyslogOptions options);

  engine::outputs::DeliveryResult deliver(const engine::outputs::OutboxEntry& entry) override;

 private:
  engine::outputs::DeliveryResult send_datagram(const std::string& message);

  SyslogOptions options_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  std::optional<ByteStream> stream_;  // tcp and tls
  boost::asio::io_context io_;        // udp
  std::optional<boost::asio::ip::udp::socket> udp_;
};

}  // namespace vigil::outputs
