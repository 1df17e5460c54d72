// Syslog outputs of the real vigild, received by a real rsyslogd: it must
// parse every message as RFC 5424 (protocol version 1, with its MSGID and
// structured data), over UDP with a JSON message and over TCP (octet-counted
// frames) with a CEF record. The rsyslogd is the test's own, unprivileged,
// on loopback ports, writing the fields it parsed to a file.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/api/clients/child_process.hpp"
#include "tests/reliability/detection_database.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::test {
namespace {

using namespace detection;
using namespace std::chrono_literals;

// A loopback port nothing listens on now, of the given socket type.
unsigned short free_port(int type) {
  const int fd = ::socket(AF_INET, type, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

// What rsyslog parsed from each message, a tab between fields.
constexpr const char* kConfig = R"(global(workDirectory="@DIR@/work" maxMessageSize="256k")
module(load="imudp")
module(load="imtcp")
template(name="parsed" type="list") {
  property(name="protocol-version") constant(value="\t")
  property(name="pri") constant(value="\t")
  property(name="hostname") constant(value="\t")
  property(name="app-name") constant(value="\t")
  property(name="procid") constant(value="\t")
  property(name="msgid") constant(value="\t")
  property(name="structured-data") constant(value="\t")
  property(name="inputname") constant(value="\t")
  property(name="msg") constant(value="\n")
}
ruleset(name="vigil") { action(type="omfile" file="@DIR@/received.log" template="parsed") }
input(type="imudp" address="127.0.0.1" port="@UDP@" ruleset="vigil")
input(type="imtcp" address="127.0.0.1" port="@TCP@" ruleset="vigil")
)";

std::string fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values)
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

// Whether something accepts TCP connections on the loopback port.
bool listening(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

struct Parsed {
  std::string version, pri, hostname, app_name, procid, msgid, structured_data, input, msg;
};

std::vector<Parsed> received(const std::filesystem::path& file) {
  std::vector<Parsed> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string field; std::getline(fields, field, '\t');) f.push_back(field);
    if (f.size() < 9) continue;  // a line still being written
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]});
  }
  return out;
}

TEST(SyslogDelivery, RsyslogParsesEveryMessageAsRfc5424OverUdpAndTcp) {
  const auto rsyslogd = find_program("rsyslogd");
  ASSERT_FALSE(rsyslogd.empty()) << "rsyslogd is not installed; " << kInstallClientsHint;
  TempDir dir;
  std::filesystem::create_directory(dir / "work");
  const auto udp = free_port(SOCK_DGRAM);
  const auto tcp = free_port(SOCK_STREAM);
  std::ofstream(dir / "rsyslog.conf") << fill(
      kConfig, {{"@DIR@", dir.path().string()}, {"@UDP@", std::to_string(udp)}, {"@TCP@", std::to_string(tcp)}});
  ChildProcess check({rsyslogd.string(), "-N1", "-f", (dir / "rsyslog.conf").string()}, dir / "check.log");
  ASSERT_EQ(check.wait_for(30s).value_or(-1), 0) << check.output();
  ChildProcess rs(
      {rsyslogd.string(), "-n", "-f", (dir / "rsyslog.conf").string(), "-i", (dir / "rsyslogd.pid").string()},
      dir / "rsyslogd.log");

  std::ofstream(dir / "vigil.toml") << "[[outputs]]\nname = \"siem-udp\"\nkind = \"syslog\"\naddress = \"127.0.0.1:" +
                                           std::to_string(udp) +
                                           "\"\ntransport = \"udp\"\nformat = \"json\"\ninitial_backoff_ms = 50\n"
                                           "max_backoff_ms = 200\n\n"
                                           "[[outputs]]\nname = \"siem-tcp\"\nkind = \"syslog\"\naddress = "
                                           "\"127.0.0.1:" +
                                           std::to_string(tcp) +
                                           "\"\ntransport = \"tcp\"\nformat = \"cef\"\nfacility = \"local4\"\n"
                                           "initial_backoff_ms = 50\nmax_backoff_ms = 200\n";
  // UDP has no acknowledgement: a datagram sent before rsyslogd listens is
  // lost without an error, so vigild starts once its inputs are open.
  const auto ready_by = std::chrono::steady_clock::now() + 30s;
  while (!listening(tcp) && rs.running() && std::chrono::steady_clock::now() < ready_by)
    std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(listening(tcp)) << rs.output();
  std::this_thread::sleep_for(200ms);  // imudp is activated with imtcp; a margin all the same
  Daemon daemon(
      {"--rules-dir", (source_dir() / "rules" / "windows").string(), "--config", (dir / "vigil.toml").string()});
  const std::vector<std::string> ids = {"s1", "s2", "s3"};
  ASSERT_NO_FATAL_FAILURE(ingest_matching(daemon.client(), ids));
  ASSERT_EQ(daemon.client().post(kRunPath, "").status, 200);
  const auto alerts = daemon.client().get("/api/v1/alerts?limit=10").json()["alerts"];
  ASSERT_EQ(alerts.size(), 3u);

  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (received(dir / "received.log").size() < 6 && std::chrono::steady_clock::now() < deadline && rs.running())
    std::this_thread::sleep_for(50ms);
  const auto messages = received(dir / "received.log");
  ASSERT_EQ(messages.size(), 6u) << "rsyslogd:\n" << rs.output() << "\nvigild:\n" << daemon.log();

  std::map<std::string, int> json_ids, cef_ids;
  for (const auto& m : messages) {
    EXPECT_EQ(m.version, "1") << "not parsed as RFC 5424: " << m.msg;
    EXPECT_EQ(m.app_name, "vigil");
    EXPECT_EQ(m.procid, std::to_string(daemon.pid()));
    EXPECT_EQ(m.msgid, "alert.created");
    EXPECT_NE(m.hostname, "-");
    if (m.input == "imudp") {
      EXPECT_EQ(m.pri, std::to_string(16 * 8 + 4)) << "local0, warning (a medium alert)";
      const auto body = nlohmann::json::parse(m.msg);
      const auto id = body["alert"]["id"].get<std::string>();
      ++json_ids[id];
      EXPECT_EQ(m.structured_data, "[vigil@32473 idempotency_key=\"" + id + "\" alert_id=\"" + id + "\" rule_id=\"" +
                                       kRuleId + "\" severity=\"medium\"]");
    } else {
      EXPECT_EQ(m.input, "imtcp");
      EXPECT_EQ(m.pri, std::to_string(20 * 8 + 4)) << "local4, warning";
      EXPECT_EQ(m.msg.rfind("CEF:0|Vigil|vigild|", 0), 0u) << m.msg;
      const auto at = m.msg.find("externalId=");
      ASSERT_NE(at, std::string::npos) << m.msg;
      ++cef_ids[m.msg.substr(at + 11, m.msg.find(' ', at) - at - 11)];
    }
  }
  for (const auto& a : alerts) {
    const auto id = a["id"].get<std::string>();
    EXPECT_EQ(json_ids[id], 1) << id;
    EXPECT_EQ(cef_ids[id], 1) << id;
  }
  EXPECT_EQ(rs.stop(10s), 0);
}

}  // namespace
}  // namespace vigil::test
