#pragma once

// The connection logic the plain and the TLS session share (CRTP, after
// Beast's advanced_server_flex). Private to the server: included only by
// plain_session.cpp and tls_session.cpp, which instantiate it for their own
// stream, so the two heavy instantiations compile in parallel.

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "api/http/http_server.hpp"
#include "api/http/json_response.hpp"
#include "api/http/loopback.hpp"
#include "api/http/store_failure.hpp"
#include "engine/store/event_store.hpp"

namespace vigil::api {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

// What a connection does whatever its stream: read a request with a fresh
// parser, run the handler on a worker, write the answer, repeat while
// kept alive. `Derived` (CRTP, as in Beast's advanced_server_flex) owns the
// stream and knows how to start and end it.
template <class Derived>
class HttpServer::Session {
 public:
  // Takes over one of server.unauthenticated_ slots, which the acceptor
  // acquired for it.
  explicit Session(HttpServer& server) : server_(server) {}
  ~Session() {
    if (!trusted_) server_.unauthenticated_.release();
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Derived& derived() { return static_cast<Derived&>(*this); }

  // Header first; then the body, once the header is judged (Beast's idiom
  // for deciding on a request before its body is read). One deadline
  // covers the whole request, so a client trickling its header byte by
  // byte is cut off like an idle keep-alive connection: after
  // read_timeout. Until the header is read the connection's buffer may
  // hold little more than header_limit: that, and the cap on connections
  // not yet authenticated, is all an anonymous client can make us hold.
  void read() {
    parser_.emplace();
    screening_.reset();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit));
    parser_->body_limit(server_.options_.body_limit);
    buffer_.max_size(std::max(server_.options_.header_limit, buffer_.size()) + kHeaderSlack);
    beast::get_lowest_layer(derived().stream()).expires_after(server_.options_.read_timeout);
    http::async_read_header(
        derived().stream(), buffer_, *parser_,
        [self = derived().shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read(ec);
    const auto& header = parser_->get();
    if (auto refused = server_.guard_.check(header)) return refuse(std::move(*refused));
    screening_.emplace(server_.router_.screen(header, origin()));
    if (const auto* refused = screening_->refusal()) return refuse(*refused);
    if (screening_->trusted()) trust();
    buffer_.max_size(std::numeric_limits<std::size_t>::max());
    // The body is held against the budget as it arrives, never for the
    // length the client declares: a declared length costs nothing. A body
    // that cannot fit in what is free now is refused before it is read.
    // A default flat_buffer grows in small steps; bulk bodies are large
    // (measured 12x faster for 64 KB bodies with a 256 KiB reserve).
    constexpr std::size_t kBodyReadBuffer = 256 * 1024;
    const bool body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
    const auto length = parser_->content_length().value_or(0);
    const auto& budget = server_.request_memory_;
    if (body && length + kBodyReadBuffer > budget.capacity() - std::min(budget.in_use(), budget.capacity()))
      return refuse_busy(length);
    auto admission = server_.request_memory_.reserve(body ? kBodyReadBuffer : 0);
    if (!admission.ok) return refuse_busy(length);
    reservation_ = std::move(admission.reservation);
    if (body) buffer_.reserve(kBodyReadBuffer);
    if (parser_->is_done()) return on_read(ec);
    if (header[http::field::expect] == "100-continue") {
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
    http::async_read_some(
        derived().stream(), buffer_, *parser_,
        [self = derived().shared_from_this()](beast::error_code ec, std::size_t) { self->on_body_read(ec); });
  }

  void on_body_read(beast::error_code ec) {
    if (!ec && !grow_reservation()) return refuse_busy(parser_->get().body().size());
    if (ec || parser_->is_done()) return on_read(ec);
    read_body();
  }

  // Holds what the body and the read buffer now take; false when the
  // budget cannot spare it.
  bool grow_reservation() {
    const auto needed = parser_->get().body().size() + buffer_.capacity();
    return needed <= reservation_.bytes() || reservation_.grow(needed - reservation_.bytes());
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
    route_ = screening_->pattern();
    const auto lane = screening_->lane();
    if (lane == Lane::probe) return write(std::make_shared<Response>(handle()));
    auto& pool = lane == Lane::ingest ? server_.ingest_workers_ : server_.workers_;
    net::post(pool, [self = derived().shared_from_this()] {
      auto response = std::make_shared<Response>(self->handle());
      net::post(self->stream().get_executor(), [self, response]() mutable { self->write(std::move(response)); });
    });
  }

  Response handle() {
    try {
      auto o = origin();
      o.memory = &reservation_;
      return server_.router_.handle(*request_, o, std::move(*screening_));
    } catch (const engine::StoreError& e) {
      // Transient (locked, full, I/O, a read past its deadline): 503, the client may retry.
      return store_failure_response(*request_, e);
    } catch (const std::exception& e) {
      return json_error(*request_, http::status::internal_server_error, "internal_error", e.what());
    }
  }

  // A request refused on its header: the answer, then the connection
  // closes, since the body (if any) is never read.
  void refuse(Response response) {
    response.keep_alive(false);
    response.prepare_payload();
    refuse_unread(std::make_shared<Response>(std::move(response)));
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

  // The budget cannot take this body now: 429 with Retry-After. Shippers
  // back off and resend; the Elasticsearch type is the one they already
  // treat as "retry later".
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
    refuse_unread(response);
  }

  // Answers before the body is wholly read. The rest of the request is
  // then read and dropped, within a fresh read deadline, so a client that
  // sends its whole body before reading sees the answer and not a
  // connection reset; then the connection closes.
  void refuse_unread(std::shared_ptr<Response> response) {
    reservation_.release();
    std::optional<std::uint64_t> unread;
    if (!parser_->chunked()) {
      const auto length = parser_->content_length().value_or(0);
      unread = length - std::min<std::uint64_t>(parser_->get().body().size() + buffer_.size(), length);
    }
    buffer_.consume(buffer_.size());
    buffer_.shrink_to_fit();
    started_ = std::chrono::steady_clock::now();
    route_ = screening_ ? screening_->pattern() : std::string();
    auto header = std::make_shared<Request>(parser_->release());
    http::async_write(
        derived().stream(), *response,
        [self = derived().shared_from_this(), response, header, unread](beast::error_code ec, std::size_t) {
          self->observe(*header, *response);
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
        buffer_.prepare(kDrainChunk), [self = derived().shared_from_this(), unread](beast::error_code ec, std::size_t n) {
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
                        self->observe(*self->request_, *response);
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

  void observe(const Request& request, const Response& response) {
    if (!server_.observer_) return;
    server_.observer_(request, response, route_,
                      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_));
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

  // What the read buffer may hold beyond header_limit while a header is read.
  static constexpr std::size_t kHeaderSlack = 8 * 1024;
  // What a refused request's unread body is read through; no more than a
  // header may hold, since a refused client may be anonymous.
  static constexpr std::size_t kDrainChunk = 16 * 1024;

  // The connection has made a request the router let through with a key
  // (or no keys are configured): it no longer counts against
  // server.max_unauthenticated_connections.
  void trust() {
    if (!trusted_) server_.unauthenticated_.release();
    trusted_ = true;
  }

  HttpServer& server_;
  bool trusted_ = false;
  beast::flat_buffer buffer_;
  std::optional<Router::Screening> screening_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Request> request_;
  MemoryBudget::Reservation reservation_;  // what this request's body may hold, until its answer is written
  std::string route_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace vigil::api
