#include "tests/support/postgres_server.hpp"

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "storage/postgresql/connection.hpp"

namespace vigil::test {
namespace {

constexpr const char* kBinaries = "/usr/lib/postgresql/15/bin";
constexpr const char* kServerUser = "postgres";

// A port no one listens on now: the kernel's pick for a socket bound to port 0.
// Another process may take it before the server binds it; pg_ctl then fails
// with the server's "could not bind" in the message.
int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("PostgresServer: socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  close(fd);
  if (!ok) throw std::runtime_error("PostgresServer: could not pick a free loopback port");
  return ntohs(addr.sin_port);
}

bool running_as_root() { return geteuid() == 0; }

}  // namespace

PostgresServer::PostgresServer() : bin_(kBinaries) {
  if (!std::filesystem::exists(bin_ / "initdb") || !std::filesystem::exists(bin_ / "pg_ctl"))
    throw std::runtime_error("PostgresServer: no initdb or pg_ctl in " + bin_.string() +
                             ": install PostgreSQL 15 with `sudo scripts/install-deps.sh --with-test-clients`");
  if (running_as_root()) {
    const passwd* user = getpwnam(kServerUser);
    if (!user)
      throw std::runtime_error(std::string("PostgresServer: tests run as root and PostgreSQL refuses root, but there "
                                           "is no '") +
                               kServerUser + "' user to run it as (the postgresql-15 package creates it)");
    if (chown(dir_.path().c_str(), user->pw_uid, user->pw_gid) != 0)
      throw std::runtime_error("PostgresServer: could not give " + dir_.path().string() + " to " + kServerUser);
  }
  const auto data = (dir_ / "data").string();
  // No fsync: a test server's data need not survive a power cut, and syncing
  // each commit would cost the suite seconds. What a commit wrote still
  // survives the server's own crash (crash_and_restart): the kernel holds it.
  try {
    run("initdb", {"--pgdata=" + data, "--username=postgres", "--auth=trust", "--encoding=UTF8", "--locale=C",
                   "--no-sync", "--no-instructions"});
  } catch (const std::runtime_error& e) {
    if (!running_as_root()) throw;
    // The usual cause as root: a TMPDIR under a directory only root may enter.
    throw std::runtime_error(std::string(e.what()) + "\n(the " + kServerUser + " user must be able to reach " +
                             dir_.path().string() + ": point TMPDIR at a directory it can enter, such as /tmp)");
  }
  // Trust, but members of kPasswordGroup must give their password over TCP:
  // how tests see that a password set apart from the connection string
  // reaches the server.
  std::ofstream(dir_ / "data" / "pg_hba.conf", std::ios::trunc)
      << "local all all trust\nhost all +" << kPasswordGroup
      << " 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n";
  port_ = free_loopback_port();
  start();
  storage::postgresql::Connection(conninfo()).exec(std::string("CREATE ROLE ") + kPasswordGroup + " NOLOGIN");
}

PostgresServer::~PostgresServer() {
  if (!started_) return;
  try {
    run("pg_ctl", {"stop", "--wait", "--mode=immediate", "--pgdata=" + (dir_ / "data").string()});
  } catch (const std::exception&) {
    // The directory goes anyway; a server left running fails on its own
    // when its files vanish.
  }
}

void PostgresServer::crash_and_restart() {
  // The log option again: without it the new server would write to (and
  // hold open) the pipe run() reads until its end.
  run("pg_ctl", {"restart", "--wait", "--timeout=60", "--mode=immediate", "--pgdata=" + (dir_ / "data").string(),
                 "--log=" + (dir_ / "server.log").string()});
}

void PostgresServer::stop() {
  run("pg_ctl", {"stop", "--wait", "--mode=immediate", "--pgdata=" + (dir_ / "data").string()});
  started_ = false;
}

void PostgresServer::start() {
  const std::string options = "-c listen_addresses=127.0.0.1 -c port=" + std::to_string(port_) +
                              " -c unix_socket_directories=" + dir_.path().string() +
                              " -c fsync=off -c full_page_writes=off";
  const auto log = dir_ / "server.log";
  try {
    run("pg_ctl", {"start", "--wait", "--timeout=60", "--pgdata=" + (dir_ / "data").string(), "--log=" + log.string(),
                   "--options=" + options});
  } catch (const std::runtime_error& e) {
    std::ifstream in(log);
    throw std::runtime_error(std::string(e.what()) + "\nserver log:\n" +
                             std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  }
  started_ = true;
}

PostgresServer& PostgresServer::shared() {
  static PostgresServer server;
  return server;
}

std::string PostgresServer::conninfo() const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=postgres connect_timeout=10";
}

std::string PostgresServer::create_database() {
  const auto schema = "test_" + std::to_string(++databases_);
  storage::postgresql::Connection(conninfo()).exec("CREATE SCHEMA " + schema);
  return conninfo() + " options='-c search_path=" + schema + "'";
}

std::string PostgresServer::run(const std::string& binary, std::vector<std::string> args) const {
  std::vector<std::string> argv;
  if (running_as_root()) argv = {"runuser", "-u", kServerUser, "--"};
  argv.push_back((bin_ / binary).string());
  argv.insert(argv.end(), args.begin(), args.end());
  std::string command;
  for (const auto& a : argv) command += (command.empty() ? "" : " ") + a;

  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("PostgresServer: pipe() failed for " + command);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("PostgresServer: fork() failed for " + command);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execvp(cargv[0], cargv.data());
    _exit(127);
  }
  close(out[1]);
  std::string output;
  char buf[4096];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) != 0;) {
    if (n > 0)
      output.append(buf, static_cast<std::size_t>(n));
    else if (errno != EINTR)
      break;
  }
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("PostgresServer: `" + command + "` failed (status " + std::to_string(status) +
                             "): " + output);
  return output;
}

}  // namespace vigil::test
