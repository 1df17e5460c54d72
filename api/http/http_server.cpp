#include "api/http/http_server.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <latch>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "api/http/heap_warmup.hpp"
#include "api/http/json_response.hpp"
#include "api/http/loopback.hpp"
#include "api/http/store_failure.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::api {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

// Loads one PEM file into the context; the error names the option and the file.
template <class Load>
void load_pem(const char* option, const std::string& file, Load load) {
  try {
    load(file);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(std::string(option) + " " + file + ": cannot load: " + e.code().message());
  }
}

std::unique_ptr<net::ssl::context> make_tls_context(const HttpServerOptions& o) {
  if (o.tls_cert_file.empty()) return nullptr;
  auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 | net::ssl::context::no_sslv3 |
                   net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use);
  // The option bits above only exclude old versions OpenSSL knows of; a
  // minimum excludes anything below TLS 1.2 whatever the system defaults.
  if (SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION) != 1)
    throw std::runtime_error("TLS: cannot set TLS 1.2 as the minimum protocol version");
  // Client-initiated renegotiation only costs the server CPU.
  SSL_CTX_set_options(ctx->native_handle(), SSL_OP_NO_RENEGOTIATION);
  load_pem("tls.cert_file", o.tls_cert_file, [&](const std::string& f) { ctx->use_certificate_chain_file(f); });
  load_pem("tls.key_file", o.tls_key_file,
           [&](const std::string& f) { ctx->use_private_key_file(f, net::ssl::context::pem); });
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
    throw std::runtime_error("tls.key_file " + o.tls_key_file + " does not match tls.cert_file " + o.tls_cert_file);
  if (!o.tls_client_ca_file.empty()) {
    load_pem("tls.client_ca_file", o.tls_client_ca_file, [&](const std::string& f) { ctx->load_verify_file(f); });
    // Tell clients which CA to pick a certificate for.
    SSL_CTX_set_client_CA_list(ctx->native_handle(), SSL_load_client_CA_file(o.tls_client_ca_file.c_str()));
    ctx->set_verify_mode(net::ssl::verify_peer | net::ssl::verify_fail_if_no_peer_cert);
  }
  return ctx;
}

}  // namespace

// What a connection does whatever its stream: read a request with a fresh
// parser, run the handler on a worker, write the answer, repeat while
// kept alive. `Derived` (CRTP, as in Beast's advanced_server_flex) owns the
// stream and knows how to start and end it.
template <class Derived>
class HttpServer::Session {
 public:
  explicit Session(HttpServer& server) : server_(server) {}

  Derived& derived() { return static_cast<Derived&>(*this); }

  // Header first, then the body once it is admitted (Beast's idiom for
  // deciding on a request before its body is read). One deadline covers
  // the whole request, so a client trickling its header byte by byte is
  // cut off like an idle keep-alive connection: after read_timeout.
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit));
    parser_->body_limit(server_.options_.body_limit);
    beast::get_lowest_layer(derived().stream()).expires_after(server_.options_.read_timeout);
    http::async_read_header(
        derived().stream(), buffer_, *parser_,
        [self = derived().shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read(ec);
    // A body of known length is reserved up front, a chunked one as it
    // grows; either with the read buffer it is read through. A default
    // flat_buffer grows in small steps; bulk bodies are large (measured 12x
    // faster for 64 KB bodies with a 256 KiB reserve).
    constexpr std::size_t kBodyReadBuffer = 256 * 1024;
    const bool body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
    const auto length = parser_->content_length().value_or(0);
    auto admission = server_.request_memory_.reserve(body ? length + kBodyReadBuffer : 0);
    if (!admission.ok) return refuse_busy(length);
    reservation_ = std::move(admission.reservation);
    if (body) buffer_.reserve(kBodyReadBuffer);
    if (parser_->is_done()) return on_read(ec);
    if (parser_->get()[http::field::expect] == "100-continue") {
      // curl and others wait for this before sending a large body.
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      return http::async_write(derived().stream(), *go_on,
                               [self = derived().shared_from_this(), go_on](beast::error_code ec, std::size_t) {
                                 if (ec) return self->derived().close();
                                 self->read_body();
                               });
    }
    read_body();
  }

  void read_body() {
    if (!parser_->chunked()) {
      http::async_read(derived().stream(), buffer_, *parser_,
                       [self = derived().shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
      return;
    }
    http::async_read_some(
        derived().stream(), buffer_, *parser_,
        [self = derived().shared_from_this()](beast::error_code ec, std::size_t) { self->on_chunked_read(ec); });
  }

  void on_chunked_read(beast::error_code ec) {
    if (ec || parser_->is_done()) return on_read(ec);
    const auto needed = parser_->get().body().size() + buffer_.capacity();
    if (needed > reservation_.bytes() && !reservation_.grow(needed - reservation_.bytes()))
      return refuse_busy(parser_->get().body().size());
    read_body();
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof || ec == net::ssl::error::stream_truncated)
      return derived().close();
    if (ec) return reject(ec);
    started_ = std::chrono::steady_clock::now();
    // The read deadline would otherwise go on running while the handler
    // waits for the database, and cut the answer off; the write gets its own.
    beast::get_lowest_layer(derived().stream()).expires_never();
    request_ = std::make_shared<Request>(parser_->release());
    ++server_.in_flight_;
    auto& pool = server_.router_.lane(*request_) == Lane::ingest ? server_.ingest_workers_ : server_.workers_;
    net::post(pool, [self = derived().shared_from_this()] {
      Response response;
      try {
        auto origin = self->origin();
        origin.memory = &self->reservation_;
        response = self->server_.router_.dispatch(*self->request_, origin, &self->route_);
      } catch (const engine::StoreError& e) {
        // Transient (locked, full, I/O, a read past its deadline): 503, the client may retry.
        response = store_failure_response(*self->request_, e);
      } catch (const std::exception& e) {
        response = json_error(*self->request_, http::status::internal_server_error, "internal_error", e.what());
      }
      net::post(self->stream().get_executor(),
                [self, r = std::make_shared<Response>(std::move(response))]() mutable { self->write(std::move(r)); });
    });
  }

  // Parse failures: answer with a reason, then close, since the stream
  // position is unknown after a bad message.
  void reject(beast::error_code ec) {
    http::status status = http::status::bad_request;
    std::string type = "parse_exception";
    if (ec == http::error::body_limit) {
      status = http::status::payload_too_large;
      type = "content_too_long_exception";
    } else if (ec == http::error::header_limit) {
      status = http::status::request_header_fields_too_large;
      type = "header_too_large";
    }
    Request dummy;
    dummy.version(11);
    auto response = std::make_shared<Response>(json_error(dummy, status, type, "bad request: " + ec.message()));
    response->keep_alive(false);
    response->prepare_payload();
    http::async_write(
        derived().stream(), *response,
        [self = derived().shared_from_this(), response](beast::error_code, std::size_t) { self->close(); });
  }

  // The budget cannot take this body now: 429 with Retry-After, before the
  // body is read. Shippers back off and resend; the Elasticsearch type
  // is the one they already treat as "retry later". The rest of the
  // request is then read and dropped, within a fresh read deadline, so a
  // client that sends its whole body before reading sees the answer and
  // not a connection reset; then the connection closes.
  void refuse_busy(std::uint64_t body_bytes) {
    const auto& budget = server_.request_memory_;
    auto response = std::make_shared<Response>(
        json_error(parser_->get(), http::status::too_many_requests, "es_rejected_execution_exception",
                   "request bodies in flight hold " + std::to_string(budget.in_use()) + " of the " +
                       std::to_string(budget.capacity()) + " bytes of request memory allowed; a body of " +
                       std::to_string(body_bytes) + " bytes does not fit now; retry with back-off"));
    response->set(http::field::retry_after, "1");
    response->keep_alive(false);
    response->prepare_payload();
    std::optional<std::uint64_t> unread;
    if (!parser_->chunked())
      unread = parser_->content_length().value_or(0) - std::min<std::uint64_t>(buffer_.size(), body_bytes);
    buffer_.consume(buffer_.size());
    http::async_write(
        derived().stream(), *response,
        [self = derived().shared_from_this(), response, unread](beast::error_code ec, std::size_t) {
          if (ec) return self->derived().close();
          beast::get_lowest_layer(self->derived().stream()).expires_after(self->server_.options_.read_timeout);
          self->drain(unread);
        });
  }

  // Reads and drops what the client still sends: `unread` bytes, or until
  // it closes when the length is unknown. Memory stays one buffer.
  void drain(std::optional<std::uint64_t> unread) {
    if (unread && *unread == 0) return derived().close();
    derived().stream().async_read_some(
        buffer_.prepare(64 * 1024), [self = derived().shared_from_this(), unread](beast::error_code ec, std::size_t n) {
          if (ec) return self->derived().close();
          self->drain(unread ? std::optional<std::uint64_t>(*unread - std::min<std::uint64_t>(n, *unread)) : unread);
        });
  }

  void write(std::shared_ptr<Response> response) {
    if (request_->method() != http::verb::head) response->prepare_payload();
    if (server_.stopping_) response->keep_alive(false);
    const bool keep_alive = response->keep_alive();
    // A client that stops reading its answer is dropped as one that stops sending.
    beast::get_lowest_layer(derived().stream()).expires_after(server_.options_.read_timeout);
    http::async_write(derived().stream(), *response,
                      [self = derived().shared_from_this(), response, keep_alive](beast::error_code ec, std::size_t) {
                        if (self->server_.observer_) {
                          self->server_.observer_(*self->request_, *response, self->route_,
                                                  std::chrono::duration_cast<std::chrono::microseconds>(
                                                      std::chrono::steady_clock::now() - self->started_));
                        }
                        --self->server_.in_flight_;
                        // An idle keep-alive connection holds neither its last
                        // request nor a grown read buffer: a thousand of them
                        // would otherwise keep a thousand bodies.
                        self->reservation_.release();
                        self->request_.reset();
                        if (self->buffer_.size() == 0) self->buffer_.shrink_to_fit();
                        if (ec || !keep_alive) return self->close();
                        self->read();
                      });
  }

  RequestOrigin origin() {
    RequestOrigin o;
    o.tls = Derived::kTls;
    beast::error_code ec;
    const auto remote = beast::get_lowest_layer(derived().stream()).socket().remote_endpoint(ec);
    if (!ec) {
      o.remote_address = remote.address().to_string();
      o.loopback = is_loopback(remote.address());
    }
    return o;
  }

  HttpServer& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Request> request_;
  MemoryBudget::Reservation reservation_;  // what this request's body may hold, until its answer is written
  std::string route_;
  std::chrono::steady_clock::time_point started_;
};

class HttpServer::PlainSession : public Session<PlainSession>, public std::enable_shared_from_this<PlainSession> {
 public:
  static constexpr bool kTls = false;

  PlainSession(tcp::socket socket, HttpServer& server) : Session<PlainSession>(server), stream_(std::move(socket)) {}

  beast::tcp_stream& stream() { return stream_; }

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

 private:
  beast::tcp_stream stream_;
};

class HttpServer::TlsSession : public Session<TlsSession>, public std::enable_shared_from_this<TlsSession> {
 public:
  static constexpr bool kTls = true;

  TlsSession(tcp::socket socket, net::ssl::context& context, HttpServer& server)
      : Session<TlsSession>(server), stream_(std::move(socket), context) {}

  beast::ssl_stream<beast::tcp_stream>& stream() { return stream_; }

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      // The handshake has its own deadline, so a client that connects and
      // stays silent holds no session for long.
      beast::get_lowest_layer(self->stream_).expires_after(self->server_.options_.handshake_timeout);
      self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
        if (ec) {
          spdlog::debug("TLS handshake with {} failed: {}", self->origin().remote_address, ec.message());
          return self->drop();
        }
        self->read();
      });
    });
  }

  // A TLS close_notify, bounded in time, then the socket.
  void close() {
    beast::get_lowest_layer(stream_).expires_after(server_.options_.handshake_timeout);
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->drop(); });
  }

 private:
  void drop() { beast::get_lowest_layer(stream_).close(); }

  beast::ssl_stream<beast::tcp_stream> stream_;
};

HttpServer::HttpServer(HttpServerOptions options, const Router& router, RequestObserver observer)
    : options_(std::move(options)),
      router_(router),
      observer_(std::move(observer)),
      tls_(make_tls_context(options_)),
      request_memory_(options_.request_memory_limit),
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
    } else {
      if (tls_)
        std::make_shared<TlsSession>(std::move(socket), *tls_, *this)->run();
      else
        std::make_shared<PlainSession>(std::move(socket), *this)->run();
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
