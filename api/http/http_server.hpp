#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <semaphore>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/http/memory_budget.hpp"
#include "api/http/request_guard.hpp"
#include "api/http/router.hpp"

namespace boost::asio::ssl {
class context;
}

namespace vigil::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8720;  // 0: any free port (see bound_endpoint)
  unsigned io_threads = 1;
  unsigned worker_threads = 2;  // handlers may block on storage, so they never run on I/O threads
  unsigned ingest_threads = 2;  // for Lane::ingest routes, apart from the other handlers
  // How many nice steps the ingest threads run below the process (at most
  // nice 19). They yield the CPU to queries and probes: a batch answered a
  // millisecond later loses nothing, while a dashboard query waiting for a
  // core behind two batches misses its p99. They yield to every other
  // process of the process's nice too (server.ingest_nice).
  int ingest_nice = 5;
  // Heap each ingest thread grows and keeps before the server accepts
  // (warm_thread_heap): about what one thread holds for a 1,600-event batch
  // (server.ingest_heap_warmup).
  std::size_t ingest_heap_warmup = std::size_t{32} * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 100 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};       // for a whole request, and for an idle keep-alive connection
  std::chrono::seconds handshake_timeout{10};  // TLS only: a client silent this long is dropped
  // HTTPS when cert_file is set: PEM files. With client_ca_file, clients
  // must present a certificate that CA signed (mTLS). TLS 1.2 and later.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // Memory all request bodies in flight may hold together: each body as
  // read is reserved before it is read (429 with Retry-After when it does
  // not fit); handlers reserve more for what they make of it (see
  // RequestOrigin::memory). At least body_limit.
  std::size_t request_memory_limit = std::size_t{512} * 1024 * 1024;
  // Connections that have not yet made a request with a valid key (or any
  // request, when no keys are set). Each holds at most about header_limit
  // until then, so together they hold at most this many times that; more
  // are closed as they are accepted, while connections of clients with a
  // key go on.
  std::size_t max_unauthenticated_connections = 1024;
  RequestGuardOptions guard;
};

// Observes each finished request (for the request log and metrics): the
// request, its response, the matched route pattern ("" when none) and how
// long it took from the end of reading to the end of writing.
using RequestObserver =
    std::function<void(const Request&, const Response&, const std::string& route, std::chrono::microseconds)>;

// The HTTP listener and its sessions, after Beast's async server examples:
// a strand per connection, a fresh parser per request with explicit header
// and body limits, a timeout before every read, keep-alive. Handlers run on
// a separate worker pool so a slow database write never stalls I/O, and
// ingest routes on a pool of their own (see Lane). With
// TLS every connection is HTTPS (after advanced_server_flex: one session
// template over a plain or an SSL stream).
class HttpServer {
 public:
  // Throws std::runtime_error naming the file when a TLS file cannot be
  // loaded, std::invalid_argument when request_memory_limit < body_limit.
  HttpServer(HttpServerOptions options, const Router& router, RequestObserver observer = {});
  ~HttpServer();

  // Binds and starts accepting; throws std::system_error when the address is unusable.
  void start();
  boost::asio::ip::tcp::endpoint bound_endpoint() const;

  // Stops accepting, lets requests in flight finish within `deadline`, then
  // stops all threads. Idle keep-alive connections are closed.
  void stop(std::chrono::milliseconds deadline);

  std::size_t in_flight() const { return in_flight_.load(); }
  // Connections closed at once because max_unauthenticated_connections were open.
  std::size_t refused_connections() const { return refused_connections_.load(); }
  const MemoryBudget& request_memory() const { return request_memory_; }

 private:
  template <class Derived>
  class Session;
  class PlainSession;
  class TlsSession;
  void accept();
  // Each is defined beside its session type (plain_session.cpp,
  // tls_session.cpp), so the two streams' Beast code compiles apart.
  void start_plain_session(boost::asio::ip::tcp::socket socket);
  void start_tls_session(boost::asio::ip::tcp::socket socket);

  HttpServerOptions options_;
  const Router& router_;
  RequestObserver observer_;
  std::unique_ptr<boost::asio::ssl::context> tls_;  // null: plain HTTP
  MemoryBudget request_memory_;
  RequestGuard guard_;
  std::counting_semaphore<> unauthenticated_;
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_;
  boost::asio::thread_pool ingest_workers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_;
  std::vector<std::thread> io_threads_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::size_t> refused_connections_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace vigil::api
