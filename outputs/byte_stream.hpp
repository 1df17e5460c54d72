#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::outputs {

// A client TCP connection, plain or TLS, whose every operation has a
// deadline: a receiver that accepts and then stalls costs one timeout, not
// a hung output. Blocking; not thread-safe (one per sender).
class ByteStream {
 public:
  // `tls` null: plain TCP. The context must outlive the stream.
  ByteStream(boost::asio::ssl::context* tls, std::chrono::milliseconds timeout);
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Resolves, connects and (TLS) handshakes, checking the certificate
  // against `host`. Empty on success, else what failed.
  std::string connect(const std::string& host, std::uint16_t port);
  std::string write(std::string_view bytes);
  // Writes `request` and reads the response into `response`.
  std::string exchange(boost::beast::http::request<boost::beast::http::string_body>& request,
                       boost::beast::http::response<boost::beast::http::string_body>& response);
  bool is_open() const;
  // Whether the peer closed (or sent anything, which a syslog collector
  // never does) since the last call: a write to such a connection would be
  // accepted by the kernel and lost, so senders reconnect first.
  bool peer_closed();
  void close();

 private:
  template <class Op>
  boost::system::error_code run(Op op);
  // peer_closed() of a TLS stream with bytes waiting: reads them through
  // the TLS layer; true unless they were only handshake records (tickets).
  bool tls_records_end_session();
  template <class F>
  decltype(auto) with_stream(F f);

  boost::asio::io_context io_;
  boost::asio::ssl::context* tls_;
  std::chrono::milliseconds timeout_;
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> secure_;
  boost::beast::flat_buffer buffer_;
};

// A TLS client context that checks receivers' certificates against
// `ca_file` (empty: the system's CA store), TLS 1.2 and later.
std::unique_ptr<boost::asio::ssl::context> make_client_tls_context(const std::string& ca_file);

}  // namespace vigil::outputs
