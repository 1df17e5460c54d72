// The syslog sender over UDP, TCP and TLS against test collectors on
// loopback ports: octet-counted frames, a connection the collector closed
// is reopened before a message is written into it, certificates are
// checked against the configured CA.
#include "outputs/syslog_sink.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "tests/outputs/test_entries.hpp"
#include "tests/outputs/test_server.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::outputs {
namespace {

namespace net = boost::asio;
using test::eventually;
using test::TestServer;

// Reads octet-counted frames ("LEN SP MSG"), `per_connection` of them, then
// closes the connection.
struct FrameCollector {
  std::mutex mutex;
  std::vector<std::string> frames;
  int per_connection = 1000;

  TestServer::Serve serve() {
    return [this](auto read, auto) {
      std::string buffer;
      char chunk[4096];
      for (int taken = 0; taken < per_connection;) {
        const auto space = buffer.find(' ');
        if (space != std::string::npos) {
          const auto length = std::stoul(buffer.substr(0, space));
          if (buffer.size() >= space + 1 + length) {
            std::lock_guard lock(mutex);
            frames.push_back(buffer.substr(space + 1, length));
            buffer.erase(0, space + 1 + length);
            ++taken;
            continue;
          }
        }
        buffer.append(chunk, read(chunk, sizeof chunk));
      }
    };
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return frames.size();
  }
};

SyslogOptions syslog_to(unsigned short port, SyslogTransport transport, const std::string& ca_file = "") {
  SyslogOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.transport = transport;
  o.identity = {16, "vigil-host", "vigil", "1"};
  o.timeout = std::chrono::milliseconds(2000);
  o.ca_file = ca_file;
  return o;
}

TEST(SyslogSink, TcpFramesAreOctetCountedAndAClosedConnectionIsReopened) {
  FrameCollector collector;
  collector.per_connection = 1;  // the collector hangs up after each message
  TestServer server(nullptr, collector.serve());
  SyslogSink sink(syslog_to(server.port(), SyslogTransport::kTcp));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(sink.deliver(testing::created_entry()).delivered) << i;
    // Its close must have arrived before the next write looks for it.
    ASSERT_TRUE(eventually([&] { return collector.size() == static_cast<std::size_t>(i + 1); }))
        << "message " << i << ": " << collector.size() << " received on " << server.connections() << " connection(s)";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(server.connections(), 3);
  EXPECT_EQ(collector.frames[2].rfind("<132>1 ", 0), 0u) << collector.frames[2];
}

TEST(SyslogSink, TlsChecksTheCollectorsCertificate) {
  test::TempDir dir;
  const auto pki = test::make_test_pki(dir.path());
  FrameCollector collector;
  TestServer server(&pki, collector.serve());
  SyslogSink trusted(syslog_to(server.port(), SyslogTransport::kTls, pki.ca_cert.string()));
  ASSERT_TRUE(trusted.deliver(testing::created_entry()).delivered);
  ASSERT_TRUE(trusted.deliver(testing::triaged_entry()).delivered);  // on the same connection
  ASSERT_TRUE(eventually([&] { return collector.size() == 2; }));
  EXPECT_EQ(server.connections(), 1);
  EXPECT_NE(collector.frames[1].find(" alert.triaged "), std::string::npos);

  // The system's CA store does not know the test CA.
  SyslogSink untrusted(syslog_to(server.port(), SyslogTransport::kTls));
  const auto refused = untrusted.deliver(testing::created_entry());
  EXPECT_FALSE(refused.delivered);
  EXPECT_NE(refused.error.find("TLS handshake"), std::string::npos) << refused.error;
  EXPECT_EQ(collector.size(), 2u);
}

TEST(SyslogSink, UdpSendsOneDatagramPerMessage) {
  net::io_context io;
  net::ip::udp::socket receiver(io, {net::ip::make_address("127.0.0.1"), 0});
  SyslogSink sink(syslog_to(receiver.local_endpoint().port(), SyslogTransport::kUdp));
  ASSERT_TRUE(sink.deliver(testing::created_entry()).delivered);
  char buffer[65536];
  const auto n = receiver.receive(net::buffer(buffer));
  EXPECT_EQ(std::string(buffer, n).rfind("<132>1 ", 0), 0u);
}

}  // namespace
}  // namespace vigil::outputs
