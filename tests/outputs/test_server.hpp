#pragma once

// A TCP or TLS server for the senders' tests, serving connections one after
// another on a loopback port with a function of the test's.

#include <sys/socket.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "tests/support/test_certificates.hpp"

namespace vigil::test {

// Serves connections one after another on a loopback port, each with
// `serve` (over TLS with the test PKI's server certificate when given one).
class TestServer {
 public:
  using Serve = std::function<void(std::function<std::size_t(char*, std::size_t)> read,
                                   std::function<void(const std::string&)> write)>;

  TestServer(const test::TestPki* pki, Serve serve) : serve_(std::move(serve)) {
    if (pki) {
      tls_.emplace(boost::asio::ssl::context::tls_server);
      tls_->use_certificate_chain_file(pki->server_cert.string());
      tls_->use_private_key_file(pki->server_key.string(), boost::asio::ssl::context::pem);
    }
    acceptor_.open(boost::asio::ip::tcp::v4());
    acceptor_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    thread_ = std::thread([this] { run(); });
  }
  ~TestServer() {
    boost::system::error_code ignored;
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    acceptor_.close(ignored);
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  int connections() const { return connections_; }

 private:
  void run() {
    for (;;) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec) return;
      ++connections_;
      try {
        if (tls_) {
          boost::asio::ssl::stream<boost::asio::ip::tcp::socket&> stream(socket, *tls_);
          stream.handshake(boost::asio::ssl::stream_base::server, ec);
          if (ec) continue;
          serve_([&](char* p, std::size_t n) { return stream.read_some(boost::asio::buffer(p, n)); },
                 [&](const std::string& s) { boost::asio::write(stream, boost::asio::buffer(s)); });
        } else {
          serve_([&](char* p, std::size_t n) { return socket.read_some(boost::asio::buffer(p, n)); },
                 [&](const std::string& s) { boost::asio::write(socket, boost::asio::buffer(s)); });
        }
      } catch (const std::exception&) {
        // The client went away; serve the next connection.
      }
    }
  }

  Serve serve_;
  boost::asio::io_context io_;
  std::optional<boost::asio::ssl::context> tls_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// Whether `done` holds within five seconds.
inline bool eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 500 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return done();
}

}  // namespace vigil::test
