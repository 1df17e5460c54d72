#include "outputs/byte_stream.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <stdexcept>

namespace vigil::outputs {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

ByteStream::ByteStream(net::ssl::context* tls, std::chrono::milliseconds timeout) : tls_(tls), timeout_(timeout) {}

ByteStream::~ByteStream() { close(); }

// Runs one asynchronous operation to completion on the private io_context;
// the tcp_stream's expiry closes the socket when the deadline passes, which
// completes the operation with beast::error::timeout.
template <class Op>
boost::system::error_code ByteStream::run(Op op) {
  boost::system::error_code result = net::error::operation_aborted;
  op([&result](boost::system::error_code ec, auto&&...) { result = ec; });
  io_.restart();
  io_.run();
  return result;
}

template <class F>
decltype(auto) ByteStream::with_stream(F f) {
  return secure_ ? f(*secure_) : f(*plain_);
}

std::string ByteStream::connect(const std::string& host, std::uint16_t port) {
  close();
  tcp::resolver resolver(io_);
  boost::system::error_code ec;
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return "cannot resolve " + host + ": " + ec.message();
  if (tls_) {
    secure_.emplace(io_, *tls_);
    // SNI, and the name the certificate must carry.
    if (!SSL_set_tlsext_host_name(secure_->native_handle(), host.c_str())) return "TLS: cannot set the server name";
    secure_->set_verify_mode(net::ssl::verify_peer);
    secure_->set_verify_callback(net::ssl::host_name_verification(host));
  } else {
    plain_.emplace(io_);
  }
  auto& lowest = secure_ ? beast::get_lowest_layer(*secure_) : *plain_;
  lowest.expires_after(timeout_);
  ec = run([&](auto handler) { lowest.async_connect(endpoints, handler); });
  if (ec) {
    close();
    return "cannot connect to " + host + ":" + std::to_string(port) + ": " + ec.message();
  }
  if (secure_) {
    lowest.expires_after(timeout_);
    ec = run([&](auto handler) { secure_->async_handshake(net::ssl::stream_base::client, handler); });
    if (ec) {
      close();
      return "TLS handshake with " + host + ":" + std::to_string(port) + " failed: " + ec.message();
    }
  }
  return {};
}

std::string ByteStream::write(std::string_view bytes) {
  if (!is_open()) return "not connected";
  const auto ec = with_stream([&](auto& stream) {
    beast::get_lowest_layer(stream).expires_after(timeout_);
    return run([&](auto handler) { net::async_write(stream, net::buffer(bytes.data(), bytes.size()), handler); });
  });
  if (ec) {
    close();
    return "write failed: " + ec.message();
  }
  return {};
}

std::string ByteStream::exchange(beast::http::request<beast::http::string_body>& request,
                                 beast::http::response<beast::http::string_body>& response) {
  if (!is_open()) return "not connected";
  const auto error = with_stream([&](auto& stream) -> std::string {
    beast::get_lowest_layer(stream).expires_after(timeout_);
    auto ec = run([&](auto handler) { beast::http::async_write(stream, request, handler); });
    if (ec) return "sending the request failed: " + ec.message();
    beast::get_lowest_layer(stream).expires_after(timeout_);
    // A receiver's answer is read only for its status; a megabyte is plenty.
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(1 << 20);
    ec = run([&](auto handler) { beast::http::async_read(stream, buffer_, parser, handler); });
    if (ec) return "reading the response failed: " + ec.message();
    response = parser.release();
    return {};
  });
  if (!error.empty() || !response.keep_alive()) close();
  return error;
}

bool ByteStream::is_open() const {
  return secure_ ? beast::get_lowest_layer(*secure_).socket().is_open() : plain_ && plain_->socket().is_open();
}

bool ByteStream::peer_closed() {
  if (!is_open()) return true;
  auto& socket = secure_ ? beast::get_lowest_layer(*secure_).socket() : plain_->socket();
  char byte = 0;
  boost::system::error_code ec, mode;
  socket.non_blocking(true, mode);
  const auto got = socket.receive(net::buffer(&byte, 1), tcp::socket::message_peek, ec);
  socket.non_blocking(false, mode);
  if (ec == net::error::would_block || ec == net::error::try_again) return false;
  if (ec || got == 0) return true;  // end of stream, or a reset
  // Bytes are waiting. Over TLS 1.3 they are usually the server's session
  // tickets, not a sign of closing: let the TLS layer read them.
  return secure_ ? tls_records_end_session() : true;
}

bool ByteStream::tls_records_end_session() {
  auto& lowest = beast::get_lowest_layer(*secure_);
  lowest.expires_never();  // an earlier deadline must not close the stream here
  char data[512];
  bool done = false;
  boost::system::error_code result;
  std::size_t read = 0;
  secure_->async_read_some(net::buffer(data), [&](boost::system::error_code ec, std::size_t n) {
    done = true;
    result = ec;
    read = n;
  });
  io_.restart();
  // Records already received are handled at once; only application data
  // (which a collector never sends) or the end of the session completes the read.
  io_.run_for(std::chrono::milliseconds(20));
  if (!done) {
    lowest.cancel();
    io_.restart();
    io_.run();
    return false;
  }
  return true;  // data, close_notify or an error: start afresh
}

void ByteStream::close() {
  // Closing the socket is enough: a TLS close_notify to a receiver that may
  // be gone would only cost another timeout.
  boost::system::error_code ignored;
  if (secure_) beast::get_lowest_layer(*secure_).socket().close(ignored);
  if (plain_) plain_->socket().close(ignored);
  secure_.reset();
  plain_.reset();
  buffer_.clear();
}

std::unique_ptr<net::ssl::context> make_client_tls_context(const std::string& ca_file) {
  auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
  if (SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION) != 1)
    throw std::runtime_error("TLS: cannot set TLS 1.2 as the minimum protocol version");
  try {
    if (ca_file.empty())
      ctx->set_default_verify_paths();
    else
      ctx->load_verify_file(ca_file);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("ca_file " + ca_file + ": cannot load: " + e.code().message());
  }
  return ctx;
}

}  // namespace vigil::outputs
