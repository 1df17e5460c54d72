#include "tests/support/webhook_receiver.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace vigil::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct WebhookReceiver::Impl {
  net::io_context io;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::thread accepting;
  mutable std::mutex mutex;
  std::vector<Delivery> received;                  // guarded by mutex
  std::vector<std::shared_ptr<tcp::socket>> open;  // guarded by mutex: closed by stop()
  std::vector<std::thread> connections;            // guarded by mutex

  const std::atomic<int>* status = nullptr;

  void serve(std::shared_ptr<tcp::socket> socket) {
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    for (;;) {
      http::request<http::string_body> req;
      http::read(*socket, buffer, req, ec);
      if (ec) return;
      Delivery d{std::string(req.target()), {}, req.body()};
      for (const auto& field : req) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        d.headers[name] = std::string(field.value());
      }
      {
        std::lock_guard lock(mutex);
        received.push_back(std::move(d));
      }
      http::response<http::string_body> res{static_cast<http::status>(status->load()), req.version()};
      res.set(http::field::content_type, "application/json");
      res.body() = "{}";
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      http::write(*socket, res, ec);
      if (ec || !req.keep_alive()) return;
    }
  }

  void accept_loop() {
    for (;;) {
      auto socket = std::make_shared<tcp::socket>(io);
      boost::system::error_code ec;
      acceptor->accept(*socket, ec);
      if (ec) return;  // closed by stop()
      std::lock_guard lock(mutex);
      open.push_back(socket);
      connections.emplace_back([this, socket] { serve(socket); });
    }
  }
};

WebhookReceiver::WebhookReceiver() : impl_(std::make_unique<Impl>()) {
  impl_->status = &status_;
  start();
}

WebhookReceiver::~WebhookReceiver() { stop(); }

std::string WebhookReceiver::url(const std::string& target) const {
  return "http://127.0.0.1:" + std::to_string(port_) + target;
}

void WebhookReceiver::start() {
  auto& i = *impl_;
  i.acceptor = std::make_unique<tcp::acceptor>(i.io);
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port_);
  i.acceptor->open(endpoint.protocol());
  i.acceptor->set_option(tcp::acceptor::reuse_address(true));
  i.acceptor->bind(endpoint);
  i.acceptor->listen();
  port_ = i.acceptor->local_endpoint().port();
  i.accepting = std::thread([&i] { i.accept_loop(); });
}

void WebhookReceiver::stop() {
  auto& i = *impl_;
  if (!i.acceptor) return;
  boost::system::error_code ignored;
  // shutdown() wakes the blocked accept() and reads (close() alone may not);
  // a socket is closed only once the thread using it is joined, or the close
  // races that thread's call on it.
  ::shutdown(i.acceptor->native_handle(), SHUT_RDWR);
  i.accepting.join();
  i.acceptor->close(ignored);
  std::vector<std::thread> connections;
  std::vector<std::shared_ptr<tcp::socket>> open;
  {
    std::lock_guard lock(i.mutex);
    for (auto& s : i.open) s->shutdown(tcp::socket::shutdown_both, ignored);
    open.swap(i.open);
    connections.swap(i.connections);
  }
  for (auto& t : connections) t.join();
  for (auto& s : open) s->close(ignored);
  i.acceptor.reset();
}

std::vector<WebhookReceiver::Delivery> WebhookReceiver::deliveries() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->received;
}

std::vector<WebhookReceiver::Delivery> WebhookReceiver::deliveries(const std::string& target) const {
  std::vector<Delivery> out;
  for (auto& d : deliveries())
    if (d.target == target) out.push_back(std::move(d));
  return out;
}

bool WebhookReceiver::wait_for(const std::function<bool(const std::vector<Delivery>&)>& done,
                               std::chrono::seconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done(deliveries())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done(deliveries());
}

}  // namespace vigil::test
