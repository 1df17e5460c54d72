#include "api/http/http_server.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "api/http/json_response.hpp"
#include "engine/detect/sha256.hpp"
#include "tests/support/http_client.hpp"

namespace vigil::api {
namespace {

// A started server on a free loopback port, stopped when it goes.
struct RunningServer {
  RunningServer(const Router& router, HttpServerOptions options) : server((options.port = 0, options), router) {
    server.start();
  }
  ~RunningServer() { server.stop(std::chrono::seconds(1)); }
  std::uint16_t port() const { return server.bound_endpoint().port(); }
  HttpServer server;
};

// One thread in each pool: an ingest handler that cannot finish until a
// query has been answered only finishes if queries do not queue behind it.
TEST(HttpServer, QueriesAreAnsweredWhileEveryIngestWorkerIsBusy) {
  std::promise<void> query_answered;
  auto answered = query_answered.get_future().share();
  Router router;
  router.add(
      http::verb::post, "/_bulk",
      [answered](const RequestContext& ctx) {
        const bool in_time = answered.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
        return json_response(ctx.request, in_time ? http::status::ok : http::status::gateway_timeout, {});
      },
      Lane::ingest);
  router.add(http::verb::get, "/healthz", [&query_answered](const RequestContext& ctx) {
    auto res = json_response(ctx.request, http::status::ok, {{"status", "ok"}});
    query_answered.set_value();
    return res;
  });
  HttpServerOptions options;
  options.worker_threads = 1;
  options.ingest_threads = 1;
  RunningServer running(router, options);
  const auto port = running.port();

  auto batch = std::async(std::launch::async, [port] {
    test::HttpClient client("127.0.0.1", port);
    return client.post("/_bulk", "{}\n").status;
  });
  // The batch holds the only ingest worker before the query is sent.
  while (running.server.in_flight() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  test::HttpClient client("127.0.0.1", port);
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(batch.get(), 200);
}

// Issue 33: four slow reads held every query worker and /healthz waited
// 19 s behind them. Probes are answered on the I/O thread.
TEST(HttpServer, ProbesAreAnsweredWhileEveryQueryWorkerIsBusy) {
  std::promise<void> release_promise;
  auto release = release_promise.get_future().share();
  Router router;
  router.add(http::verb::get, "/slow", [release](const RequestContext& ctx) {
    release.wait_for(std::chrono::seconds(10));
    return json_response(ctx.request, http::status::ok, {});
  });
  router.add(
      http::verb::get, "/healthz",
      [](const RequestContext& ctx) { return json_response(ctx.request, http::status::ok, {{"status", "ok"}}); },
      Lane::probe);
  HttpServerOptions options;
  options.worker_threads = 2;
  RunningServer running(router, options);
  const auto port = running.port();
  std::vector<std::future<int>> reads;
  for (int i = 0; i < 4; ++i)
    reads.push_back(std::async(std::launch::async, [port] { return test::HttpClient("127.0.0.1", port).get("/slow").status; }));
  while (running.server.in_flight() < 4) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(test::HttpClient("127.0.0.1", port).get("/healthz").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(100));
  release_promise.set_value();
  for (auto& read : reads) EXPECT_EQ(read.get(), 200);
}

TEST(HttpServer, IngestWorkersRunAtTheirNiceValue) {
  const auto nice_of_handler = [](const RequestContext& ctx) {
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    return json_response(ctx.request, http::status::ok, {{"nice", errno ? -100 : nice}});
  };
  Router router;
  router.add(http::verb::post, "/_bulk", nice_of_handler, Lane::ingest);
  router.add(http::verb::get, "/_bulk", nice_of_handler);
  HttpServerOptions options;
  options.ingest_threads = 3;
  options.ingest_nice = 7;
  RunningServer running(router, options);
  test::HttpClient client("127.0.0.1", running.port());
  const int base = getpriority(PRIO_PROCESS, 0);
  // Several batches, so that more than one ingest thread is likely to answer.
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(nlohmann::json::parse(client.post("/_bulk", "{}\n").body)["nice"], std::min(base + 7, 19));
  EXPECT_EQ(nlohmann::json::parse(client.get("/_bulk").body)["nice"], base);
}

// A raw connection that sends what a test says and reads what comes back.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }
  void send(const std::string& bytes) { boost::asio::write(socket_, boost::asio::buffer(bytes)); }
  // Tells the server nothing more is coming, so it need not wait for a
  // declared body before closing.
  void finish_sending() { socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_send); }
  // Everything the server sends until it closes the connection.
  std::string read_to_close() {
    std::string out;
    boost::system::error_code ec;
    boost::asio::read(socket_, boost::asio::dynamic_buffer(out), ec);
    return out;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
};

const std::string kBulkHeaderOf100MB =
    "POST /_bulk HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
    "Content-Length: 104857600\r\n\r\n";

Router bulk_router(bool with_keys) {
  Router router;
  router.add(
      http::verb::post, "/_bulk",
      [](const RequestContext& ctx) { return json_response(ctx.request, http::status::ok, {{"errors", false}}); },
      Lane::ingest);
  if (with_keys)
    router.protect(KeyRegistry({{"shipper", {Role::ingest}, engine::detect::sha256_hex("ship-key")}}), AccessPolicy());
  return router;
}

// The attack of issue 33: keyless clients declaring 100 MB bodies and
// sending none held the whole request memory, and a shipper with a key
// got 429 until the read timeout. Now they are answered 401 on their
// header and hold nothing.
TEST(HttpServer, AnonymousHeadersDeclaringHugeBodiesAre401AndHoldNoMemory) {
  const auto router = bulk_router(true);
  HttpServerOptions options;
  options.body_limit = options.request_memory_limit = 100 * 1024 * 1024;
  RunningServer running(router, options);
  std::vector<std::unique_ptr<RawConnection>> attackers;
  for (int i = 0; i < 20; ++i) {
    attackers.push_back(std::make_unique<RawConnection>(running.port()));
    attackers.back()->send(kBulkHeaderOf100MB);
  }
  EXPECT_EQ(running.server.request_memory().in_use(), 0u);
  const auto started = std::chrono::steady_clock::now();
  test::HttpClient shipper("127.0.0.1", running.port());
  const auto res = shipper.post("/_bulk", "{}\n",
                                {{"Content-Type", "application/x-ndjson"}, {"Authorization", "Bearer ship-key"}});
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  attackers.front()->finish_sending();
  const auto answer = attackers.front()->read_to_close();
  EXPECT_EQ(answer.rfind("HTTP/1.1 401", 0), 0u) << answer;
  EXPECT_EQ(running.server.request_memory().peak(), 256u * 1024 + 3) << "only the shipper's buffer and body were held";
}

// Without keys (loopback) every client may send a body, but a declared
// length is not memory: bodies are held as they arrive.
TEST(HttpServer, DeclaredLengthsHoldNoMemoryUntilTheBytesArrive) {
  const auto router = bulk_router(false);
  HttpServerOptions options;
  options.body_limit = options.request_memory_limit = 100 * 1024 * 1024;
  RunningServer running(router, options);
  std::vector<std::unique_ptr<RawConnection>> stalled;
  for (int i = 0; i < 7; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(running.port()));
    stalled.back()->send(kBulkHeaderOf100MB + std::string(1000, 'x'));
  }
  test::HttpClient shipper("127.0.0.1", running.port());
  // The stalled clients' headers may still be on their way: whatever they
  // hold is their read buffers, 256 KiB each.
  const auto res = shipper.post("/_bulk", "{}\n", {{"Content-Type", "application/x-ndjson"}});
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_LE(running.server.request_memory().peak(), 8u * 256 * 1024);
}

TEST(HttpServer, ConnectionsBeyondTheUnauthenticatedCapAreClosedWhileKeyHoldersGoOn) {
  const auto router = bulk_router(true);
  HttpServerOptions options;
  options.max_unauthenticated_connections = 3;
  RunningServer running(router, options);
  test::HttpClient shipper("127.0.0.1", running.port());
  const std::map<std::string, std::string> headers = {{"Content-Type", "application/x-ndjson"},
                                                      {"Authorization", "Bearer ship-key"}};
  ASSERT_EQ(shipper.post("/_bulk", "{}\n", headers).status, 200);
  // The shipper's connection is trusted now; three anonymous ones fill the cap.
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 3; ++i) idle.push_back(std::make_unique<RawConnection>(running.port()));
  RawConnection one_too_many(running.port());
  EXPECT_EQ(one_too_many.read_to_close(), "") << "closed without an answer";
  EXPECT_EQ(running.server.refused_connections(), 1u);
  EXPECT_EQ(shipper.post("/_bulk", "{}\n", headers).status, 200);
  // A slot comes back when an anonymous connection goes.
  idle.pop_back();
  for (int attempt = 0; attempt < 100; ++attempt) {
    RawConnection again(running.port());
    again.send("GET /_bulk HTTP/1.1\r\nHost: localhost\r\n\r\n");
    if (again.read_to_close().rfind("HTTP/1.1 401", 0) == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "no slot came back after an anonymous connection closed";
}

}  // namespace
}  // namespace vigil::api
