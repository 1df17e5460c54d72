// The plain-HTTP session: Session over a beast::tcp_stream.

#include <boost/beast/core/tcp_stream.hpp>

#include "api/http/http_session.hpp"

namespace vigil::api {

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

void HttpServer::start_plain_session(tcp::socket socket) {
  std::make_shared<PlainSession>(std::move(socket), *this)->run();
}

}  // namespace vigil::api
