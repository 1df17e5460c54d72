// [[inputs.kafka]] through the real vigild, consuming from librdkafka's
// mock cluster hosted by the test: events consumed from Kafka alert exactly
// as the same events POSTed to /api/v1/events do, /readyz and /metrics
// report the input; producers that share no code with Vigil's consumer
// (kcat, the pure-Python kafka-python) feed it.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "engine/time/timestamp.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/kafka_mock.hpp"
#include "tests/support/winlogbeat_sysmon.hpp"

namespace vigil::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kEndpointRule = "ce64d965-6cb0-466d-b74f-8d2c76f47f05";  // ActiveSync device via PowerShell
constexpr const char* kExchangeRule = "m365-activesync-allowed-device-id-exchange-online";

engine::TimeMs now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A Defender streaming envelope: Set-CASMailbox cmdlets seen by CloudAppEvents.
std::string defender_envelope() {
  const auto now = now_ms();
  auto records = nlohmann::json::array();
  for (const auto& [identity, device] :
       {std::pair{"megan.bowen@contoso.com", "ANDROIDC0FFEE01"}, std::pair{"lee.gu@contoso.com", "IPHONE77"}}) {
    const nlohmann::json raw = {
        {"RecordType", 1},
        {"Operation", "Set-CASMailbox"},
        {"Workload", "Exchange"},
        {"ResultStatus", "True"},
        {"Parameters",
         {{{"Name", "Identity"}, {"Value", identity}}, {{"Name", "ActiveSyncAllowedDeviceIDs"}, {"Value", device}}}}};
    records.push_back({{"time", engine::format_timestamp(now - engine::kMinuteMs)},
                       {"tenantId", "0d9c3b7e-5a2f-4e61-8b4d-2c7f1a9e6b50"},
                       {"operationName", "Publish"},
                       {"category", "AdvancedHunting-CloudAppEvents"},
                       {"properties",
                        {{"Timestamp", engine::format_timestamp(now - engine::kMinuteMs)},
                         {"ActionType", "Set-CASMailbox"},
                         {"Application", "Microsoft Exchange Online"},
                         {"ActivityType", "Edit"},
                         {"AccountObjectId", "a41e9b07-2c6d-4f38-8e5a-1d7c3b9f0e62"},
                         {"AccountDisplayName", "Adele Vance"},
                         {"IPAddress", "198.51.100.7"},
                         {"RawEventData", raw}}}});
  }
  return nlohmann::json{{"records", records}}.dump();
}

const std::string kMalicious =
    "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='ATTACKER'}\"";

// What an alert says about the event and the rule; not its id, times or
// the event's id (HTTP generates one, Kafka derives it from the position).
nlohmann::json essentials(const nlohmann::json& alert) {
  auto out = nlohmann::json::object();
  for (const auto* pointer : {"/rule/id", "/rule/severity", "/rule/name", "/mitre", "/activesync", "/source/index",
                              "/event/process/command_line", "/event/process/name", "/event/user/name",
                              "/event/host/name", "/event/event/category", "/event/event/dataset"}) {
    const nlohmann::json::json_pointer p(pointer);
    if (alert.contains(p)) out[pointer] = alert.at(p);
  }
  return out;
}

std::multiset<std::string> alerts_after_runs(Daemon& d) {
  std::multiset<std::string> out;
  for (const auto* rule : {kEndpointRule, kExchangeRule}) {
    const auto run = d.client().post(std::string("/api/v1/rules/") + rule + "/_run", "{}");
    EXPECT_EQ(run.status, 200) << run.body;
    const auto listed = d.client().get(std::string("/api/v1/alerts?rule_id=") + rule).json();
    for (const auto& alert : listed["alerts"]) out.insert(essentials(alert).dump());
  }
  return out;
}

std::uint64_t stored(Daemon& d) { return d.client().get("/_count").json()["count"].get<std::uint64_t>(); }

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds within = 30s) {
  const auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

std::filesystem::path kafka_config(const TempDir& dir, const KafkaMock& kafka, const std::string& topics) {
  const auto path = dir / "vigil.toml";
  auto brokers = kafka.bootstrap();
  for (std::size_t comma = 0; (comma = brokers.find(',', comma)) != std::string::npos; comma += 3)
    brokers.replace(comma, 1, "\", \"");
  std::ofstream(path)
      << "[retention]\nevents_days = 36500\n"
      << "[[inputs.kafka]]\nname = \"shippers\"\nbrokers = [\"" << brokers << "\"]\n"
      << "topics = " << topics << "\nbatch_wait_ms = 20\ninitial_backoff_ms = 50\n"
      << "max_backoff_ms = 500\n[inputs.kafka.librdkafka]\n\"topic.metadata.refresh.interval.ms\" = 500\n"
      // The mock coordinator now and then never answers a JoinGroup:
      // its timeout (max.poll.interval.ms + 3 s) is kept short.
      << "\"max.poll.interval.ms\" = 3000\n\"session.timeout.ms\" = 3000\n";
  return path;
}

TEST(KafkaInput, EventsConsumedFromKafkaAlertAsTheSameEventsPostedOverHttp) {
  const auto sysmon = winlogbeat_process_start(kMalicious);
  const auto envelope = defender_envelope();

  Daemon http;
  ASSERT_TRUE(http.wait_for_first_pass());
  ASSERT_EQ(http.client().post("/api/v1/events", sysmon).status, 200);
  ASSERT_EQ(http.client().post("/api/v1/events", envelope).status, 200);
  const auto over_http = alerts_after_runs(http);
  EXPECT_EQ(over_http.size(), 3u) << http.log();  // one endpoint alert, one per mailbox
  for (const auto& alert : over_http) EXPECT_NE(alert.find("/source/index"), std::string::npos) << alert;

  KafkaMock kafka;
  kafka.create_topic("winlogbeat", 1);
  kafka.create_topic("defender", 1);
  TempDir dir;
  Daemon consumer({"--config", kafka_config(dir, kafka, "[\"winlogbeat\", \"defender\"]").string()});
  ASSERT_TRUE(consumer.wait_for_first_pass());
  kafka.produce("winlogbeat", {sysmon});
  kafka.produce("defender", {envelope});
  ASSERT_TRUE(eventually([&] { return stored(consumer) == 3; })) << consumer.log();
  EXPECT_EQ(alerts_after_runs(consumer), over_http);

  const auto ready = consumer.client().get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json()["status"], "ready") << ready.body;
  const auto metrics = consumer.client().get("/metrics").body;
  EXPECT_NE(metrics.find("vigil_kafka_records_total{input=\"shippers\"} 3"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("vigil_kafka_messages_total{input=\"shippers\"} 2"), std::string::npos);
  EXPECT_EQ(consumer.stop(), 0);
  EXPECT_EQ(http.stop(), 0);
}

TEST(KafkaInput, AMalformedMessageIsAListedDeadLetterAndAnOutageShowsInReadyz) {
  KafkaMock kafka;
  kafka.create_topic("winlogbeat", 1);
  TempDir dir;
  Daemon d({"--config", kafka_config(dir, kafka, "[\"winlogbeat\"]").string()});
  kafka.produce("winlogbeat", {winlogbeat_process_start("cmd /c echo 1"), "{\"winlog\": tru",
                               winlogbeat_process_start("cmd /c echo 2")});
  ASSERT_TRUE(eventually([&] { return stored(d) == 2; })) << d.log();
  EXPECT_TRUE(eventually([&] {
    return d.client().get("/metrics").body.find("vigil_kafka_dead_letters_total{input=\"shippers\"} 1") !=
           std::string::npos;
  }));
  const auto letters = d.client().get("/api/v1/inputs/dead_letters?input=shippers");
  ASSERT_EQ(letters.status, 200) << letters.body;
  ASSERT_EQ(letters.json()["dead_letters"].size(), 1u) << letters.body;
  EXPECT_EQ(letters.json()["dead_letters"][0]["topic"], "winlogbeat");
  EXPECT_EQ(letters.json()["dead_letters"][0]["offset"], 1);
  EXPECT_EQ(letters.json()["dead_letters"][0]["payload"], "{\"winlog\": tru");

  kafka.set_brokers_down(true);
  ASSERT_TRUE(eventually([&] { return d.client().get("/readyz").json()["status"] == "degraded"; })) << d.log();
  const auto degraded = d.client().get("/readyz");
  EXPECT_EQ(degraded.status, 200);  // HTTP ingest still works
  EXPECT_TRUE(degraded.json()["inputs"].contains("shippers")) << degraded.body;
  kafka.set_brokers_down(false);
  kafka.produce("winlogbeat", {winlogbeat_process_start("cmd /c echo 3")});
  ASSERT_TRUE(eventually([&] { return stored(d) == 3; })) << d.log();
  EXPECT_TRUE(eventually([&] { return d.client().get("/readyz").json()["status"] == "ready"; }));
  EXPECT_EQ(d.stop(), 0);
  EXPECT_NE(d.log().find("winlogbeat[0] offset 1 set aside as a dead letter: the message is not valid JSON"),
            std::string::npos);
}

TEST(KafkaInput, AnOffsetOutOfRangeIsWarnedAboutAndCounted) {
  KafkaMock kafka;
  kafka.create_topic("winlogbeat", 1);
  kafka.produce("winlogbeat", {winlogbeat_process_start("cmd /c echo 1"), winlogbeat_process_start("cmd /c echo 2")});
  // The group's offset from before the topic was recreated: past the new log's end.
  kafka.commit("vigil", "winlogbeat", 0, 500);
  TempDir dir;
  Daemon d({"--config", kafka_config(dir, kafka, "[\"winlogbeat\"]").string()});
  ASSERT_TRUE(eventually([&] { return stored(d) == 2; })) << d.log();
  const auto metrics = d.client().get("/metrics").body;
  EXPECT_NE(metrics.find("vigil_kafka_offset_resets_total{input=\"shippers\"} 1"), std::string::npos) << metrics;
  EXPECT_EQ(d.stop(), 0);
  EXPECT_NE(d.log().find("kafka input shippers: winlogbeat[0]: offset 500 is out of range on the broker"),
            std::string::npos)
      << d.log();
  EXPECT_NE(d.log().find("winlogbeat[0] resumed at offset 0, 500 before the out-of-range offset 500"),
            std::string::npos);
  EXPECT_EQ(kafka.committed("vigil", "winlogbeat", 0), 2);
}

TEST(KafkaInput, ALogTruncatedPastTheCommittedOffsetIsWarnedAboutAsSkipped) {
  KafkaMock kafka;
  kafka.create_topic("winlogbeat", 1);
  kafka.commit("vigil", "winlogbeat", 0, 0);
  // 7 MiB: the mock keeps about 5 MiB of a partition and drops the oldest
  // message sets, as retention would while the input was away.
  constexpr int kProduced = 7000;
  std::vector<std::string> messages;
  for (int n = 0; n < kProduced; ++n)
    messages.push_back(winlogbeat_process_start("cmd /c echo " + std::string(800, 'x')));
  kafka.produce("winlogbeat", messages);
  TempDir dir;
  Daemon d({"--config", kafka_config(dir, kafka, "[\"winlogbeat\"]").string()});
  ASSERT_TRUE(eventually([&] { return kafka.committed("vigil", "winlogbeat", 0) == kProduced; })) << d.log();
  EXPECT_EQ(d.stop(), 0);
  const auto log = d.log();
  EXPECT_NE(log.find("kafka input shippers: winlogbeat[0]: offset 0 is out of range on the broker"), std::string::npos)
      << log;
  // Where reading resumed is the log's new start: what was stored, and what was skipped, make up the whole.
  const std::string resumed = "winlogbeat[0] resumed at offset ";
  const auto at = log.find(resumed);
  ASSERT_NE(at, std::string::npos);
  const auto start = std::stoll(log.substr(at + resumed.size()));
  EXPECT_GT(start, 0);
  EXPECT_NE(log.find(std::to_string(start) + " after the out-of-range offset 0: those messages were skipped"),
            std::string::npos);
  Daemon reopened({}, d.data_dir());
  EXPECT_EQ(stored(reopened), static_cast<std::uint64_t>(kProduced - start));
}

// Runs `command` in a shell; its exit status.
int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(KafkaInput, EventsFromKcatAndKafkaPythonAlert) {
  KafkaMock kafka;
  kafka.create_topic("winlogbeat", 2);
  kafka.create_topic("defender", 1);
  TempDir dir;
  Daemon d({"--config", kafka_config(dir, kafka, "[\"winlogbeat\", \"defender\"]").string()});
  ASSERT_TRUE(d.wait_for_first_pass());

  // kcat: one message a line, as a shell pipeline would ship Winlogbeat's file output.
  const auto sysmon_file = dir / "sysmon.ndjson";
  std::ofstream(sysmon_file) << winlogbeat_process_start(kMalicious) << "\n"
                             << winlogbeat_process_start("powershell.exe Get-Date") << "\n";
  ASSERT_EQ(shell("kcat -P -b " + kafka.bootstrap() + " -t winlogbeat -l " + sysmon_file.string()), 0);
  // kafka-python: a Defender envelope, as an Event Hubs producer would send it.
  const auto envelope_file = dir / "envelope.json";
  std::ofstream(envelope_file) << defender_envelope();
  ASSERT_EQ(shell("/usr/bin/python3 -c \"import sys, kafka; "
                  "p = kafka.KafkaProducer(bootstrap_servers=sys.argv[1].split(','), api_version=(2, 0, 0)); "
                  "p.send('defender', open(sys.argv[2], 'rb').read()).get(timeout=30); p.flush()\" " +
                  kafka.bootstrap() + " " + envelope_file.string()),
            0);

  ASSERT_TRUE(eventually([&] { return stored(d) == 4; })) << d.log();
  const auto alerts = alerts_after_runs(d);
  ASSERT_EQ(alerts.size(), 3u);  // the malicious command line, one per mailbox
  std::size_t endpoint = 0;
  for (const auto& a : alerts) endpoint += nlohmann::json::parse(a)["/rule/id"] == kEndpointRule;
  EXPECT_EQ(endpoint, 1u);
  EXPECT_EQ(d.stop(), 0);
}

}  // namespace
}  // namespace vigil::test
