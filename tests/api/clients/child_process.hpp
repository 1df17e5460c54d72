#pragma once

// Child processes for the real-client tests: fork/exec with stdout and stderr
// to a file, bounded waits, no shell. Header-only because the api_tests
// target compiles only *_test.cpp files from this folder.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_data.hpp"

namespace vigil::test {

// What a failing client test tells the reader to do: the clients are test
// dependencies, so their absence is a failure, never a skip.
inline constexpr const char* kInstallClientsHint =
    "install the test clients with `sudo scripts/install-deps.sh --with-test-clients`";

// `name` on PATH, then in the sbin directories (root's daemons); empty if absent.
inline std::filesystem::path find_program(const std::string& name) {
  std::string dirs = std::getenv("PATH") ? std::getenv("PATH") : "";
  dirs += ":/usr/local/sbin:/usr/sbin:/sbin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const auto colon = dirs.find(':', start);
    const auto dir = dirs.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (!dir.empty()) {
      const auto candidate = std::filesystem::path(dir) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return {};
}

// One child, started by the constructor. Not thread-safe. The destructor
// kills (SIGKILL) and reaps a child still running, so a failing assertion
// never leaves a process behind.
class ChildProcess {
 public:
  // argv[0] is an absolute path; `log` receives stdout and stderr; `cwd` empty
  // keeps the test's working directory.
  ChildProcess(const std::vector<std::string>& argv, std::filesystem::path log, std::filesystem::path cwd = {})
      : log_(std::move(log)) {
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int in = ::open("/dev/null", O_RDONLY);
      const int out = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (in < 0 || out < 0) _exit(126);
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(out, 2);
      if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) _exit(126);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      _exit(127);
    }
  }
  ~ChildProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      reap(true);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Exit code (128+signal when killed), or nullopt if still running after `timeout`.
  std::optional<int> wait_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pid_ > 0) {
      if (reap(false)) break;
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_code_;
  }

  bool running() { return pid_ > 0 && !reap(false); }

  // SIGTERM, then SIGKILL if the child has not exited within `grace`.
  int stop(std::chrono::milliseconds grace) {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
    if (const auto code = wait_for(grace)) return *code;
    ::kill(pid_, SIGKILL);
    reap(true);
    return exit_code_;
  }

  std::string output() const {
    try {
      return read_file(log_);
    } catch (const std::exception&) {
      return {};
    }
  }

 private:
  // True once the child has been reaped (exit_code_ set).
  bool reap(bool block) {
    int status = 0;
    if (::waitpid(pid_, &status, block ? 0 : WNOHANG) != pid_) return false;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
    pid_ = -1;
    return true;
  }

  std::filesystem::path log_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

}  // namespace vigil::test
