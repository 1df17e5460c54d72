// Alert delivery against the real vigild and a real webhook receiver: the
// receiver is down while alerts are created, vigild is SIGKILLed with the
// deliveries still failing, and once the receiver is back (and vigild
// restarted) it gets every alert exactly once, signed, with its
// idempotency key; filters hold; a triage change follows when asked for.
// The retry schedule runs on vigild's own clock, so the outputs retry every
// 50-400 ms instead of minutes.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/reliability/detection_database.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/test_data.hpp"
#include "tests/support/webhook_receiver.hpp"

namespace vigil::test {
namespace {

using namespace detection;
using namespace std::chrono_literals;

const std::string kSecret = "webhook-secret-7f3a";

// The receiver's own check of a signature, with OpenSSL, not vigild's code.
std::string hmac_hex(const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), kSecret.data(), static_cast<int>(kSecret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &size);
  return hex_digest(digest, size);
}

std::string output(const std::string& name, const std::string& url, const std::string& extra) {
  return "[[outputs]]\nname = \"" + name + "\"\nkind = \"webhook\"\nurl = \"" + url +
         "\"\ninitial_backoff_ms = 50\nmax_backoff_ms = 400\n" + extra + "\n";
}

// A sample of /metrics, e.g. vigil_output_failed_total{output="all"}; -1 when absent.
double metric(Daemon& daemon, const std::string& sample) {
  const auto body = daemon.client().get("/metrics").body;
  const auto at = body.find("\n" + sample + " ");
  return at == std::string::npos ? -1 : std::stod(body.substr(at + sample.size() + 2));
}

std::vector<WebhookReceiver::Delivery> created(const std::vector<WebhookReceiver::Delivery>& deliveries) {
  std::vector<WebhookReceiver::Delivery> out;
  for (const auto& d : deliveries)
    if (d.headers.at("x-vigil-event") == "alert.created") out.push_back(d);
  return out;
}

TEST(AlertDeliveryKill9, AReceiverDownAcrossAKillGetsEveryAlertOnceWhenItComesBack) {
  TempDir dir;
  WebhookReceiver receiver;
  receiver.stop();  // down until the end
  std::ofstream(dir / "hook.secret") << kSecret << "\n";
  const auto config = dir / "vigil.toml";
  std::ofstream(config)
      << output("all", receiver.url("/all"),
                "triage_changes = true\nhmac_secret_file = \"" + (dir / "hook.secret").string() + "\"")
      << output("critical", receiver.url("/critical"), "[outputs.filter]\nmin_severity = \"critical\"")
      << output("brute-force", receiver.url("/brute-force"), "[outputs.filter]\ntechniques = [\"T1110\"]")
      << output("medium-open", receiver.url("/medium-open"),
                "[outputs.filter]\nmin_severity = \"medium\"\ntechniques = [\"T1098\"]\nstatuses = "
                "[\"open\"]\nrule_ids = [\"" +
                    kRuleId + "\"]");
  const std::vector<std::string> args = {"--rules-dir", (source_dir() / "rules" / "windows").string(), "--config",
                                         config.string()};
  const auto data = dir / "data";

  std::vector<std::string> first, second;
  for (int n = 0; n < 10; ++n) first.push_back("d" + std::to_string(n));
  for (int n = 10; n < 15; ++n) second.push_back("d" + std::to_string(n));
  {
    Daemon daemon(args, data);
    ASSERT_NO_FATAL_FAILURE(ingest_matching(daemon.client(), first));
    ASSERT_EQ(daemon.client().post(kRunPath, "").status, 200);
    // Deliveries are failing and being retried when the kill comes.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (metric(daemon, "vigil_output_failed_total{output=\"all\"}") < 3 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
    ASSERT_GE(metric(daemon, "vigil_output_failed_total{output=\"all\"}"), 3) << daemon.log();
    EXPECT_EQ(metric(daemon, "vigil_output_queued{output=\"all\"}"), 10);
    EXPECT_GT(metric(daemon, "vigil_output_oldest_retry_age_seconds{output=\"all\"}"), 0);
    daemon.kill_hard();
  }
  Daemon daemon(args, data);
  ASSERT_NO_FATAL_FAILURE(ingest_matching(daemon.client(), second));
  ASSERT_EQ(daemon.client().post(kRunPath, "").status, 200);
  std::this_thread::sleep_for(300ms);  // a few more failed attempts
  EXPECT_TRUE(receiver.deliveries().empty());
  receiver.start();

  const auto alerts = daemon.client().get("/api/v1/alerts?limit=100").json()["alerts"];
  ASSERT_EQ(alerts.size(), 15u);
  std::set<std::string> alert_ids;
  for (const auto& a : alerts) alert_ids.insert(a["id"].get<std::string>());
  ASSERT_TRUE(receiver.wait_for([](const auto& d) { return created(d).size() >= 30; }, 30s)) << daemon.log();
  // The last output's slower retry may still be due: give it its 400 ms.
  std::this_thread::sleep_for(600ms);

  const auto all = created(receiver.deliveries("/all"));
  std::map<std::string, int> times;
  for (const auto& d : all) {
    const auto body = nlohmann::json::parse(d.body);
    const auto key = d.headers.at("idempotency-key");
    ++times[key];
    EXPECT_EQ(body["alert"]["id"], key);
    EXPECT_EQ(body["idempotency_key"], key);
    EXPECT_EQ(body["type"], "alert.created");
    EXPECT_EQ(d.headers.at("content-type"), "application/json");
    EXPECT_EQ(d.headers.at("x-vigil-signature-256"), "sha256=" + hmac_hex(d.body)) << "signature of " << key;
  }
  EXPECT_EQ(times.size(), 15u);
  for (const auto& [key, n] : times) {
    EXPECT_EQ(n, 1) << key << " delivered " << n << " times";
    EXPECT_TRUE(alert_ids.contains(key)) << key;
  }
  EXPECT_EQ(created(receiver.deliveries("/medium-open")).size(), 15u);
  EXPECT_TRUE(receiver.deliveries("/critical").empty());
  EXPECT_TRUE(receiver.deliveries("/brute-force").empty());

  // A triage change reaches the output that asked for them, and only it.
  const auto id = alerts[0]["id"].get<std::string>();
  ASSERT_EQ(daemon.client().request("PATCH", "/api/v1/alerts/" + id, R"({"status":"acknowledged"})").status, 200);
  ASSERT_TRUE(receiver.wait_for([](const auto& d) { return d.size() >= 31; }, 10s));
  const auto triaged = receiver.deliveries().back();
  EXPECT_EQ(triaged.target, "/all");
  EXPECT_EQ(triaged.headers.at("x-vigil-event"), "alert.triaged");
  EXPECT_EQ(triaged.headers.at("idempotency-key").rfind(id + ":triage:", 0), 0u);
  EXPECT_EQ(nlohmann::json::parse(triaged.body)["change"]["changes"][0]["to"], "acknowledged");
  EXPECT_EQ(triaged.headers.at("x-vigil-signature-256"), "sha256=" + hmac_hex(triaged.body));

  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(receiver.deliveries().size(), 31u);
  EXPECT_EQ(metric(daemon, "vigil_output_queued{output=\"all\"}"), 0);
  EXPECT_EQ(metric(daemon, "vigil_output_delivered_total{output=\"all\"}"), 16);
  EXPECT_EQ(metric(daemon, "vigil_output_dead_lettered_total{output=\"all\"}"), 0);
  EXPECT_EQ(metric(daemon, "vigil_output_oldest_retry_age_seconds{output=\"all\"}"), 0);
  EXPECT_EQ(daemon.stop(), 0);
  EXPECT_EQ(daemon.log().find(kSecret), std::string::npos) << "the secret reached the log";
}

}  // namespace
}  // namespace vigil::test
