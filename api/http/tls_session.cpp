// The HTTPS session: Session over an SSL stream, after its handshake.

#include <spdlog/spdlog.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "api/http/http_session.hpp"

namespace vigil::api {

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

void HttpServer::start_tls_session(tcp::socket socket) {
  std::make_shared<TlsSession>(std::move(socket), *tls_, *this)->run();
}

}  // namespace vigil::api
