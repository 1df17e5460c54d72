#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include "api/http/router.hpp"

namespace vigil::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8720;  // 0: any free port (see bound_endpoint)
  unsigned io_threads = 1;
  unsigned worker_threads = 2;  // handlers may block on storage, so they never run on I/O threads
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 100 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};
};

// Observes each finished request (for the request log and metrics).
using RequestObserver = std::function<void(const Request&, const Response&, std::chrono::microseconds)>;

// The HTTP listener and its sessions, after Beast's async server examples:
// a strand per connection, a fresh parser per request with explicit header
// and body limits, a timeout before every read, keep-alive. Handlers run on
// a separate worker pool so a slow database write never stalls I/O.
class HttpServer {
 public:
  HttpServer(HttpServerOptions options, const Router& router, RequestObserver observer = {});
  ~HttpServer();

  // Binds and starts accepting; throws std::system_error when the address is unusable.
  void start();
  boost::asio::ip::tcp::endpoint bound_endpoint() const;

  // Stops accepting, lets requests in flight finish within `deadline`, then
  // stops all threads. Idle keep-alive connections are closed.
  void stop(std::chrono::milliseconds deadline);

  std::size_t in_flight() const { return in_flight_.load(); }

 private:
  class Session;
  void accept();

  HttpServerOptions options_;
  const Router& router_;
  RequestObserver observer_;
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::vector<std::thread> io_threads_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace vigil::api
