#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::test {

// The vigild this build made, which Daemon starts.
std::filesystem::path vigild_binary();

// The real vigild binary, started on an ephemeral loopback port with a
// fresh data dir. Readiness is the port file appearing (written only once
// the server accepts). Stopping sends SIGTERM and returns the exit status.
class Daemon {
 public:
  // Extra arguments are appended to the defaults (--listen 127.0.0.1:0
  // unless they hold a --listen, --port-file, --data-dir). `data_dir`
  // reuses a directory across restarts. Without a --config argument or a
  // VIGIL_CONFIG variable, vigild keeps events for 100 years, so events
  // with fixed dates outlive its start-up retention pass. In a PostgreSQL
  // run (tests/support/daemon_storage.hpp) it stores on the test server, in
  // a schema that belongs to its data dir.
  explicit Daemon(std::vector<std::string> extra_args = {}, std::filesystem::path data_dir = {},
                  std::vector<std::string> env = {});
  ~Daemon();

  const std::string& host() const { return host_; }  // without brackets for IPv6
  unsigned short port() const { return port_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  pid_t pid() const { return pid_; }
  std::string base_url() const {
    return "http://" + (host_.find(':') == std::string::npos ? host_ : "[" + host_ + "]") + ":" + std::to_string(port_);
  }
  // What vigild wrote once ready: "HOST:PORT", "[v6]:PORT".
  const std::filesystem::path& port_file() const { return port_file_; }
  HttpClient& client();

  // SIGTERM, wait; returns the exit code (or 128+signal).
  int stop();
  // SIGKILL, wait: for crash tests.
  void kill_hard();
  // stderr of the daemon so far.
  std::string log() const;

  // The scheduler's first pass runs every enabled rule once after start-up,
  // on its own thread. A test that counts or orders runs waits for it, or a
  // run the pass records late is taken for the test's own. False if some
  // enabled rule still has no recorded run after `timeout`.
  bool wait_for_first_pass(std::chrono::seconds timeout = std::chrono::seconds(30));

 private:
  std::unique_ptr<TempDir> temp_;
  std::filesystem::path data_dir_;
  std::filesystem::path port_file_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  std::string host_;
  unsigned short port_ = 0;
  std::unique_ptr<HttpClient> client_;
};

// Runs vigild with `args` to completion (for --version, bad config...), in
// the working directory `cwd` when one is given.
struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};
ProcessResult run_vigild(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                         const std::filesystem::path& cwd = {});

}  // namespace vigil::test
