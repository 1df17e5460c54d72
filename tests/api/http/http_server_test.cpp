#include "api/http/http_server.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <future>
#include <thread>

#include "api/http/json_response.hpp"
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

}  // namespace
}  // namespace vigil::api
