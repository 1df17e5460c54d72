#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vigil::test {

// A webhook receiver for delivery tests: a real HTTP/1.1 server on a
// loopback port, keep-alive, one thread per connection. It records every
// POST and answers 200 (or what answer_with() set). stop() makes it "down" (connections refused) and
// start() brings it back on the same port. Thread-safe.
class WebhookReceiver {
 public:
  struct Delivery {
    std::string target;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
  };

  // Listens on an ephemeral loopback port.
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  unsigned short port() const { return port_; }
  std::string url(const std::string& target) const;
  void start();
  void stop();
  // The status every later request is answered with (200 at first).
  void answer_with(int status) { status_ = status; }  // one that may carry a body (not 204 or 304)

  std::vector<Delivery> deliveries() const;
  // Deliveries to `target`.
  std::vector<Delivery> deliveries(const std::string& target) const;
  // Waits until `done(deliveries())` holds; false after `timeout`.
  bool wait_for(const std::function<bool(const std::vector<Delivery>&)>& done, std::chrono::seconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  unsigned short port_ = 0;
  std::atomic<int> status_{200};
};

}  // namespace vigil::test
