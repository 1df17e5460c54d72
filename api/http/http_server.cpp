#include "api/http/http_server.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <latch>

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>

#include "api/http/heap_warmup.hpp"
#include "api/http/tls_context.hpp"

namespace vigil::api {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

HttpServer::HttpServer(HttpServerOptions options, const Router& router, RequestObserver observer)
    : options_(std::move(options)),
      router_(router),
      observer_(std::move(observer)),
      tls_(make_tls_context(options_)),
      request_memory_(options_.request_memory_limit),
      guard_(options_.guard),
      unauthenticated_(static_cast<std::ptrdiff_t>(
          std::min<std::size_t>(options_.max_unauthenticated_connections, std::counting_semaphore<>::max()))),
      io_(static_cast<int>(options_.io_threads)),
      workers_(options_.worker_threads),
      ingest_workers_(options_.ingest_threads),
      acceptor_(net::make_strand(io_)),
      accept_retry_(acceptor_.get_executor()) {
  // Otherwise a body within body_limit could never be admitted and its
  // client would be told to retry forever.
  if (options_.request_memory_limit < options_.body_limit)
    throw std::invalid_argument("server.request_memory_limit (" + std::to_string(options_.request_memory_limit) +
                                " bytes) must be at least server.body_limit (" + std::to_string(options_.body_limit) +
                                " bytes)");
}

HttpServer::~HttpServer() {
  if (!io_.stopped()) stop(std::chrono::milliseconds(0));
}

namespace {

// Readies each of the pool's `threads` threads before the first request:
// lowers its priority by `nice_by` nice steps from the process's own (a
// vigild started at nice 10 gets ingest at 15, never at 5, above its
// queries) and warms its heap (warm_thread_heap).
void prepare_ingest_threads(net::thread_pool& pool, unsigned threads, int nice_by, std::size_t warm_heap_bytes) {
  errno = 0;
  const int own = getpriority(PRIO_PROCESS, 0);
  const bool renice = errno == 0 && nice_by != 0;
  const int nice = std::min(own + nice_by, 19);
  auto started = std::make_shared<std::latch>(threads);
  for (unsigned i = 0; i < threads; ++i)
    net::post(pool, [started, renice, nice, warm_heap_bytes] {
      if (renice && setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice) != 0)
        spdlog::warn("cannot set an ingest thread's nice value to {}: {}", nice, std::strerror(errno));
      warm_thread_heap(warm_heap_bytes);
      // Each thread takes one task: none returns before all have started.
      started->arrive_and_wait();
    });
  started->wait();
}

}  // namespace

void HttpServer::start() {
  prepare_ingest_threads(ingest_workers_, options_.ingest_threads, options_.ingest_nice, options_.ingest_heap_warmup);
  const tcp::endpoint endpoint{net::ip::make_address(options_.host), options_.port};
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
  accept();
  for (unsigned i = 0; i < options_.io_threads; ++i) io_threads_.emplace_back([this] { io_.run(); });
}

tcp::endpoint HttpServer::bound_endpoint() const { return acceptor_.local_endpoint(); }

void HttpServer::accept() {
  acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
      // Out of descriptors (EMFILE) and the like: accepting again at once
      // would spin; connections wait in the backlog until some close.
      spdlog::warn("cannot accept a connection: {}; retrying in 500 ms", ec.message());
      accept_retry_.expires_after(std::chrono::milliseconds(500));
      accept_retry_.async_wait([this](beast::error_code wait) {
        if (!wait) accept();
      });
      return;
    } else if (!unauthenticated_.try_acquire()) {
      // Closing at once costs nothing; the clients that hold a key keep
      // their connections, so ingest goes on through a flood of anonymous ones.
      if (refused_connections_++ % 1000 == 0)
        spdlog::warn("{} connections have not authenticated yet (server.max_unauthenticated_connections); closing "
                     "new ones ({} so far)",
                     options_.max_unauthenticated_connections, refused_connections_.load());
      beast::error_code ignored;
      socket.close(ignored);
    } else if (tls_) {
      start_tls_session(std::move(socket));
    } else {
      start_plain_session(std::move(socket));
    }
    accept();
  });
}

void HttpServer::stop(std::chrono::milliseconds deadline) {
  stopping_ = true;
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
  });
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  io_.stop();
  for (auto& t : io_threads_)
    if (t.joinable()) t.join();
  io_threads_.clear();
  workers_.join();
  ingest_workers_.join();
}

}  // namespace vigil::api
