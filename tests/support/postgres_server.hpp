#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace vigil::test {

// A real PostgreSQL 15 server for tests: a cluster made by initdb in a fresh
// temporary directory, started by pg_ctl on a free loopback port (its socket
// in that directory), with trust authentication, except for members of
// kPasswordGroup, who log in over TCP with a password (scram-sha-256).
// Tests run as root, which PostgreSQL refuses to run as, so the server runs
// as the `postgres` system user the postgresql-15 package creates (when the
// process is not root, as itself). Stopped, and its directory removed, on
// destruction. Throws std::runtime_error naming what failed, with the tool's
// output, when the binaries are missing or the server does not start.
class PostgresServer {
 public:
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // The process's one server, started on first use and stopped at exit:
  // starting one costs about a second, a database a few milliseconds.
  static PostgresServer& shared();

  static constexpr const char* kPasswordGroup = "password_login";

  int port() const { return port_; }
  // Kills the server as a crash would (immediate shutdown: no checkpoint,
  // sessions cut) and starts it again on the same port, recovering from its
  // write-ahead log.
  void crash_and_restart();
  // An outage as long as the caller likes: stop() kills the server as a
  // crash would and leaves it down (connections refused) until start()
  // starts it again on the same port, recovering from its write-ahead log.
  void stop();
  void start();
  // Where the server writes its log (stderr): what log_statement records,
  // for a benchmark that replays what a client ran.
  std::filesystem::path log_file() const { return dir_ / "server.log"; }
  // A libpq connection string for the server's `postgres` database.
  std::string conninfo() const;
  // A fresh, empty place for one test, and the connection string that
  // selects it: a schema of its own (CREATE SCHEMA, then search_path), so
  // a test sees only the tables it made. A schema costs about a
  // millisecond; CREATE DATABASE took 200 to 560 ms each on a loaded
  // 2-core machine, which a suite creating one per test cannot afford.
  // Thread-safe.
  std::string create_database();

 private:
  // Runs a PostgreSQL binary as the server's user and returns its output;
  // throws with the command and output on failure.
  std::string run(const std::string& binary, std::vector<std::string> args) const;

  TempDir dir_;
  std::filesystem::path bin_;
  int port_ = 0;
  bool started_ = false;
  std::atomic<int> databases_{0};
};

}  // namespace vigil::test
