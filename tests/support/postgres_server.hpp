#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace vigil::test {

// A real PostgreSQL 15 server for tests: a cluster made by initdb in a fresh
// temporary directory, started by pg_ctl on a free loopback port (its socket
// in that directory), with trust authentication for the `postgres` role.
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

  int port() const { return port_; }
  // A libpq connection string for `database` on this server.
  std::string conninfo(std::string_view database) const;
  // A new, empty database (CREATE DATABASE), named uniquely in this server;
  // returns its connection string. Thread-safe.
  std::string create_database();

 private:
  // Runs a PostgreSQL binary (as the server's user when `as_server_user`)
  // and returns its output; throws with the command and output on failure.
  std::string run(const std::string& binary, std::vector<std::string> args, bool as_server_user) const;

  TempDir dir_;
  std::filesystem::path bin_;
  int port_ = 0;
  bool started_ = false;
  std::mutex mutex_;
  int databases_ = 0;  // under mutex_
};

}  // namespace vigil::test
