// rsyslog's Kafka output (omkafka, Debian package rsyslog-kafka) ships a
// file of Winlogbeat-shaped Sysmon events (imfile, one JSON event a line)
// into librdkafka's mock cluster, hosted by the test; the real vigild
// consumes them through [[inputs.kafka]] and the ActiveSync rule alerts.
// The rsyslogd instance is the test's own, as in rsyslog_client_test.cpp.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "tests/api/clients/child_process.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/kafka_mock.hpp"
#include "tests/support/recent_time.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kRuleId = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";

std::string sysmon_line(const std::string& command_line) {
  return nlohmann::json{{"@timestamp", recent_rfc3339()},
                        {"host", {{"name", "WS07"}}},
                        {"winlog",
                         {{"channel", "Microsoft-Windows-Sysmon/Operational"},
                          {"event_id", "1"},
                          {"event_data",
                           {{"Image", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"},
                            {"CommandLine", command_line},
                            {"User", "CORP\\mallory"}}}}}}
      .dump();
}

// The brokers as a TOML or RainerScript array of strings.
std::string brokers_array(const std::string& bootstrap) {
  std::string out = "[\"";
  for (const char c : bootstrap) out += c == ',' ? std::string("\", \"") : std::string(1, c);
  return out + "\"]";
}

TEST(RsyslogKafkaClient, ImfileLinesShippedByOmkafkaAreConsumedAndAlert) {
  const auto rsyslogd = find_program("rsyslogd");
  ASSERT_FALSE(rsyslogd.empty()) << "rsyslogd is not installed; " << kInstallClientsHint;
  KafkaMock kafka;
  kafka.create_topic("winlogbeat", 1);
  TempDir dir;
  std::filesystem::create_directory(dir / "work");
  std::ofstream(dir / "vigil.toml") << "[retention]\nevents_days = 36500\n[[inputs.kafka]]\nname = \"rsyslog\"\n"
                                    << "brokers = " << brokers_array(kafka.bootstrap())
                                    << "\ntopics = [\"winlogbeat\"]\nbatch_wait_ms = 20\n";
  Daemon d({"--config", (dir / "vigil.toml").string()});
  ASSERT_TRUE(d.wait_for_first_pass());
  {
    std::ofstream input(dir / "input.log", std::ios::binary);
    input << sysmon_line("powershell.exe Get-Date") << '\n'
          << sysmon_line("powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs "
                         "@{Add='ATTACKER'}\"")
          << '\n'
          << sysmon_line("powershell.exe Get-Process") << '\n';
  }
  std::ofstream(dir / "rsyslog.conf") << "global(workDirectory=\"" << (dir / "work").string()
                                      << "\" processInternalMessages=\"on\" maxMessageSize=\"64k\")\n"
                                      << "module(load=\"imfile\")\nmodule(load=\"omkafka\")\n"
                                      << "template(name=\"raw\" type=\"string\" string=\"%msg%\")\n"
                                      << "ruleset(name=\"to-kafka\") {\n  action(type=\"omkafka\" broker="
                                      << brokers_array(kafka.bootstrap())
                                      << " topic=\"winlogbeat\" template=\"raw\" confParam=[\"linger.ms=5\"])\n}\n"
                                      << "input(type=\"imfile\" File=\"" << (dir / "input.log").string()
                                      << "\" Tag=\"vigil-test\" ruleset=\"to-kafka\")\n";

  ChildProcess check({rsyslogd.string(), "-N1", "-f", (dir / "rsyslog.conf").string()}, dir / "check.log");
  const auto checked = check.wait_for(30s);
  ASSERT_TRUE(checked) << "rsyslogd -N1 did not finish in 30 s";
  ASSERT_EQ(*checked, 0) << "rsyslogd rejected the config (is rsyslog-kafka installed? " << kInstallClientsHint
                         << "):\n"
                         << check.output();
  ChildProcess rs(
      {rsyslogd.string(), "-n", "-f", (dir / "rsyslog.conf").string(), "-i", (dir / "rsyslogd.pid").string()},
      dir / "rsyslogd.log");
  int stored = 0;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline && stored < 3) {
    stored = d.client().get("/_count").json()["count"].get<int>();
    std::this_thread::sleep_for(50ms);
  }
  rs.stop(10s);
  ASSERT_EQ(stored, 3) << "rsyslogd output:\n" << rs.output() << "\nvigild log:\n" << d.log();

  ASSERT_EQ(d.client().post(std::string("/api/v1/rules/") + kRuleId + "/_run", "{}").status, 200);
  const auto alerts = d.client().get(std::string("/api/v1/alerts?rule_id=") + kRuleId).json();
  ASSERT_EQ(alerts["alerts"].size(), 1u) << alerts.dump();
  EXPECT_EQ(alerts["alerts"][0]["event"]["host"]["name"], "WS07");
  EXPECT_EQ(d.stop(), 0);
}

}  // namespace
}  // namespace vigil::test
