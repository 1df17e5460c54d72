#include "tests/support/daemon_fixture.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/support/daemon_storage.hpp"
#include "tests/support/sanitizers.hpp"
#include "tests/support/test_data.hpp"

extern char** environ;

namespace vigil::test {

std::filesystem::path vigild_binary() { return VIGILD_PATH; }

namespace {

// fork/exec with stdout+stderr to `log`; `env` entries ("K=V") are added;
// the child runs in `cwd` unless it is empty.
pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::filesystem::path& log, const std::filesystem::path& cwd = {}) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    std::string binary = vigild_binary();
    argv.push_back(binary.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// UBSan in GCC's ASan+UBSan runtime ignores log_path and writes to stderr, which
// is this log; ASan, LSan and TSan reports go to scripts/sanitize.sh's files.
void fail_on_undefined_behaviour(const std::string& log) {
  const auto at = log.find("runtime error:");
  if (at != std::string::npos)
    ADD_FAILURE() << "vigild hit undefined behaviour:\n" << log.substr(log.rfind('\n', at) + 1, 8000);
}

}  // namespace

Daemon::Daemon(std::vector<std::string> extra_args, std::filesystem::path data_dir, std::vector<std::string> env)
    : temp_(std::make_unique<TempDir>()) {
  data_dir_ = data_dir.empty() ? temp_->path() / "data" : data_dir;
  port_file_ = temp_->path() / "port";
  log_file_ = temp_->path() / "vigild.log";
  std::vector<std::string> args = {"--port-file", port_file_.string(), "--data-dir", data_dir_.string()};
  // The loopback default unless the test picks the address (protected-mode tests do).
  if (std::find(extra_args.begin(), extra_args.end(), "--listen") == extra_args.end())
    args.insert(args.end(), {"--listen", "127.0.0.1:0"});
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  // Tests store events with fixed dates, which age past the default 8 days
  // of retention; its first pass runs at start-up and races the test's own
  // writes. Unless the test names a configuration, events are kept.
  const bool names_config =
      std::find(extra_args.begin(), extra_args.end(), "--config") != extra_args.end() ||
      std::any_of(env.begin(), env.end(), [](const std::string& e) { return e.rfind("VIGIL_CONFIG=", 0) == 0; });
  if (!names_config) {
    const auto config = temp_->path() / "fixture.toml";
    std::ofstream(config) << "[retention]\nevents_days = 36500\n";
    env.push_back("VIGIL_CONFIG=" + config.string());
  }
  const auto storage = daemon_storage_environment(data_dir_);
  env.insert(env.end(), storage.begin(), storage.end());
  pid_ = spawn(args, env, log_file_);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!std::filesystem::exists(port_file_)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("vigild exited during start-up:\n" + log());
    }
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("vigild not ready in 30 s:\n" + log());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto text = read_file(port_file_);
  const auto colon = text.rfind(':');
  host_ = text.substr(0, colon);
  if (host_.starts_with('[') && host_.ends_with(']')) host_ = host_.substr(1, host_.size() - 2);  // IPv6
  port_ = static_cast<unsigned short>(std::stoi(text.substr(colon + 1)));
}

Daemon::~Daemon() {
  client_.reset();
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_);
  }
  if (kSanitized) fail_on_undefined_behaviour(log());
}

HttpClient& Daemon::client() {
  if (!client_) client_ = std::make_unique<HttpClient>(host_, port_);
  return *client_;
}

int Daemon::stop() {
  client_.reset();
  ::kill(pid_, SIGTERM);
  const int code = wait_exit(pid_);
  pid_ = -1;
  return code;
}

void Daemon::kill_hard() {
  client_.reset();
  ::kill(pid_, SIGKILL);
  wait_exit(pid_);
  pid_ = -1;
}

std::string Daemon::log() const {
  try {
    return read_file(log_file_);
  } catch (const std::exception&) {
    return {};
  }
}

bool Daemon::wait_for_first_pass(std::chrono::seconds timeout) {
  std::vector<std::string> pending;
  const auto listed = client().get("/api/v1/rules").json();
  for (const auto& rule : listed.at("rules"))
    if (rule.at("enabled") == true) pending.push_back(rule.at("id"));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pending.empty()) {
    const auto runs = client().get("/api/v1/rules/" + pending.back() + "/runs?limit=1").json();
    if (!runs.at("runs").empty()) {
      pending.pop_back();
      continue;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

ProcessResult run_vigild(const std::vector<std::string>& args, const std::vector<std::string>& env,
                         const std::filesystem::path& cwd) {
  TempDir dir;
  const auto log = dir.path() / "out.log";
  ProcessResult result;
  result.exit_code = wait_exit(spawn(args, env, log, cwd));
  result.output = read_file(log);
  if (kSanitized) fail_on_undefined_behaviour(result.output);
  return result;
}

}  // namespace vigil::test
