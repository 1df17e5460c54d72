#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "config/options.hpp"
#include "daemon/command_line.hpp"

namespace vigil::daemon {

// The running daemon: start-up is an ordered list of steps, each logging
// what it did or throwing a precise error; teardown runs in reverse.
class App {
 public:
  App(config::Config config, CommandLine command_line);
  ~App();

  // Runs until SIGINT/SIGTERM; returns the process exit code.
  int run();

 private:
  struct Parts;
  void open_storage();
  void load_rules();
  void create_scheduler();
  // Heartbeats and lease renewals (docs/CLUSTER.md), on a thread of their own.
  void start_presence();
  void begin_ingest_matching();
  void start_retention();
  void start_delivery();
  void start_health_checks();
  void build_routes();
  void start_server();
  // The address the server is bound to, "127.0.0.1:8720" or "[::1]:8720".
  std::string bound_address() const;
  void write_port_file();
  void shut_down();

  config::Config config_;
  CommandLine command_line_;
  std::atomic<bool> ready_{false};
  std::unique_ptr<Parts> parts_;
};

}  // namespace vigil::daemon
