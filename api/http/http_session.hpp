#pragma once

// The connection logic the plain and the TLS session share (CRTP, after
// Beast's advanced_server_flex). Private to the server: included only by
// plain_session.cpp and tls_session.cpp, which instantiate it for their own
// stream, so the two heavy instantiations compile in parallel.

#include <algorithm>
#include <chrono>
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

}  // namespace vigil::api
