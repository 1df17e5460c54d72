#include "api/http/http_server.hpp"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "api/http/json_response.hpp"
#include "api/http/loopback.hpp"
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
  explicit Session(HttpServer& server) : server_(server) {
    // A default flat_buffer grows in small steps; bulk bodies are large
    // (measured 12x faster for 64 KB bodies with a 256 KiB reserve).
    buffer_.reserve(256 * 1024);
  }

  Derived& derived() { return static_cast<Derived&>(*this); }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit));
    parser_->body_limit(server_.options_.body_limit);
    beast::get_lowest_layer(derived().stream()).expires_after(server_.options_.read_timeout);
    http::async_read(derived().stream(), buffer_, *parser_,
                     [self = derived().shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof || ec == net::ssl::error::stream_truncated)
      return derived().close();
    if (ec) return reject(ec);
    started_ = std::chrono::steady_clock::now();
    request_ = std::make_shared<Request>(parser_->release());
    ++server_.in_flight_;
    net::post(server_.workers_, [self = derived().shared_from_this()] {
      Response response;
      try {
        response = self->server_.router_.dispatch(*self->request_, self->origin(), &self->route_);
      } catch (const engine::StoreError& e) {
        // Transient: locked, full, or a read past its deadline; the client may retry.
        response = e.transient() ? json_error(*self->request_, http::status::service_unavailable, "store_unavailable",
                                              e.what())
                                 : json_error(*self->request_, http::status::internal_server_error, "internal_error",
                                              e.what());
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

  void write(std::shared_ptr<Response> response) {
    if (request_->method() != http::verb::head) response->prepare_payload();
    if (server_.stopping_) response->keep_alive(false);
    const bool keep_alive = response->keep_alive();
    http::async_write(derived().stream(), *response,
                      [self = derived().shared_from_this(), response, keep_alive](beast::error_code ec, std::size_t) {
                        if (self->server_.observer_) {
                          self->server_.observer_(*self->request_, *response, self->route_,
                                                  std::chrono::duration_cast<std::chrono::microseconds>(
                                                      std::chrono::steady_clock::now() - self->started_));
                        }
                        --self->server_.in_flight_;
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
      io_(static_cast<int>(options_.io_threads)),
      workers_(options_.worker_threads),
      acceptor_(net::make_strand(io_)) {}

HttpServer::~HttpServer() {
  if (!io_.stopped()) stop(std::chrono::milliseconds(0));
}

void HttpServer::start() {
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
  });
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  io_.stop();
  for (auto& t : io_threads_)
    if (t.joinable()) t.join();
  io_threads_.clear();
  workers_.join();
}

}  // namespace vigil::api
