// Issue 33, as an attacker on the network or a web page in an analyst's
// browser would try to blind the detector: by holding request memory
// without a key, by posting to a keyless daemon across sites, by stalling
// the server with pathological reads. Each against the real vigild.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "tests/reliability/detection_database.hpp"
#include "tests/support/daemon_fixture.hpp"

namespace vigil::test {
namespace {

using Clock = std::chrono::steady_clock;
using detection::kNdjson;

// A connection that sends what the test says and is otherwise silent.
class RawConnection {
 public:
  RawConnection(const Daemon& d, const std::string& bytes) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address(d.host()), d.port()});
    boost::asio::write(socket_, boost::asio::buffer(bytes));
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
};

// The configuration of a daemon with one ingest key, "shipper-secret".
std::string shipper_key_config(const TempDir& dir) {
  const auto path = dir / "vigil.toml";
  std::ofstream(path) << "[[auth.api_keys]]\nname = \"shipper\"\nroles = [\"ingest\"]\n"
                         "sha256 = \"b5e477659c91dddf6e57280860faacda703211754f3297a135142780e64adc96\"\n";
  return path.string();
}

// The attack of the issue: seven keyless connections declaring 100 MB
// bodies held 536,608,768 of the 536,870,912 bytes of request memory,
// and a shipper with its key got 429 for 30 s, again and again. They are
// now answered 401 on their headers and hold nothing.
TEST(Blinding, AnonymousDeclaredBodiesDoNotDelayAShippersBatch) {
  TempDir dir;
  Daemon d({"--config", shipper_key_config(dir)});
  std::vector<std::unique_ptr<RawConnection>> attackers;
  for (int i = 0; i < 7; ++i)
    attackers.push_back(std::make_unique<RawConnection>(
        d, "POST /_bulk HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
           "Content-Length: 104857600\r\n\r\n"));
  const auto started = Clock::now();
  auto headers = kNdjson;
  headers["Authorization"] = "ApiKey " + std::string("shipper-secret");
  const auto res = d.client().post("/_bulk", detection::matching_bulk({"after-the-flood"}), headers);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(1));
  EXPECT_EQ(res.json()["errors"], false) << res.body;
}

// A web page open in an analyst's browser reaches a keyless daemon on
// 127.0.0.1: with a simple (preflight-free) POST, from its own origin, or
// through DNS rebinding under its own host name. All get 4xx and change
// nothing.
TEST(Blinding, WebPagesCannotWriteToOrReadFromAKeylessDaemon) {
  Daemon d;
  const auto count = [&] { return d.client().get("/_count").json()["count"].get<int>(); };
  const std::string event = detection::matching_bulk({"planted"});
  const std::map<std::string, std::string> form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  const std::map<std::string, std::string> text = {{"Content-Type", "text/plain"}};
  EXPECT_EQ(d.client().post("/_bulk", event, text).status, 406);
  EXPECT_EQ(d.client().post("/api/v1/alerts/_bulk_update", R"({"ids":["x"],"status":"closed"})", form).status, 406);
  auto from_page = kNdjson;
  from_page["Origin"] = "http://attacker.example";
  EXPECT_EQ(d.client().post("/_bulk", event, from_page).status, 403);
  EXPECT_EQ(d.client().post(detection::kRunPath, "{}", {{"Content-Type", "application/json"},
                                                         {"Sec-Fetch-Site", "cross-site"}})
                .status,
            403);
  const auto rebound = d.client().request("GET", "/api/v1/alerts", "", {{"Host", "rebind.attacker.example:8720"}});
  EXPECT_EQ(rebound.status, 403);
  EXPECT_NE(rebound.body.find("server.allowed_hosts"), std::string::npos) << rebound.body;
  EXPECT_EQ(count(), 0) << "nothing was planted";
  // curl and shippers, which send no Origin and a JSON type, go on.
  EXPECT_EQ(d.client().post("/_bulk", event, kNdjson).status, 200);
  EXPECT_EQ(count(), 1);
}

// Four concurrent _count reads over 500 wildcard patterns ran 10-20 s
// each and /healthz took 19 s. Now patterns are bounded (at most 100, 400
// beyond), matched against index names rather than rows, and probes are
// answered on the I/O thread.
TEST(Blinding, HealthAnswersWithin100msWhilePathologicalReadsRun) {
  Daemon d;
  std::string bulk;
  for (int i = 0; i < 2000; ++i)
    bulk += R"({"create":{"_index":"logs-)" + std::to_string(i) + R"("}})" + "\n{\"n\":" + std::to_string(i) + "}\n";
  ASSERT_EQ(d.client().post("/_bulk", bulk, kNdjson).json()["errors"], false);

  std::string hundred, five_hundred;
  for (int i = 0; i < 500; ++i) {
    const auto pattern = "*" + std::to_string(i % 10) + "*" + std::to_string(i) + "*,";
    if (i < 100) hundred += pattern;
    five_hundred += pattern;
  }
  const auto refused = d.client().get("/" + five_hundred + "/_count");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("too many index patterns (500); at most 100"), std::string::npos) << refused.body;

  const auto port = d.port();
  const auto host = d.host();
  std::atomic<bool> reading{true};
  std::vector<std::future<int>> readers;
  for (int r = 0; r < 4; ++r)
    readers.push_back(std::async(std::launch::async, [&, host, port] {
      HttpClient client(host, port);
      int answered = 0;
      while (reading.load()) {
        EXPECT_EQ(client.get("/" + hundred + "/_count").status, 200);
        ++answered;
      }
      return answered;
    }));
  HttpClient probe(host, port);
  std::chrono::microseconds slowest{0};
  for (int i = 0; i < 20; ++i) {
    const auto started = Clock::now();
    EXPECT_EQ(probe.get("/healthz").status, 200);
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  reading = false;
  int reads = 0;
  for (auto& r : readers) reads += r.get();
  std::cout << "slowest /healthz of 20: " << slowest.count() << " us, while " << reads << " reads of 100 patterns ran\n";
  EXPECT_LE(slowest, std::chrono::milliseconds(100)) << "slowest /healthz of 20 while " << reads << " reads ran";
  EXPECT_GT(reads, 0);
}

}  // namespace
}  // namespace vigil::test
