#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/postgresql/connection.hpp"

namespace vigil::storage::postgresql {

// At most `size` connections to one database, shared by the stores'
// threads. A connection found broken when handed back (the server
// restarted, a stream stopped early) is closed, and the next caller opens a
// new one, so the stores recover from a database restart without one of
// their own. Thread-safe.
class ConnectionPool {
 public:
  // Opens one connection at once, so a wrong connection string fails here
  // (engine::StoreError naming the server, never the password).
  ConnectionPool(std::string conninfo, std::size_t size, std::string password = {});

  // Runs f(Connection&) on a connection of its own, waiting for one when
  // `size` are in use. Returns what f returns. f must not call with() on
  // this pool: with every connection leased it would wait for itself.
  // A connection outside the pool, for the rare read that cannot wait for a
  // pooled one: a scan's reload of dictionaries while it streams on its own.
  std::unique_ptr<Connection> connect_apart() const { return std::make_unique<Connection>(conninfo_, password_); }

  template <class F>
  auto with(F&& f) {
    Lease lease(*this);
    return f(*lease.connection);
  }

 private:
  struct Lease {
    explicit Lease(ConnectionPool& pool) : pool(pool), connection(pool.acquire()) {}
    ~Lease() { pool.release(std::move(connection)); }
    ConnectionPool& pool;
    std::unique_ptr<Connection> connection;
  };
  std::unique_ptr<Connection> acquire();
  void release(std::unique_ptr<Connection> connection);

  const std::string conninfo_;
  const std::string password_;
  const std::size_t size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;  // under mutex_
  std::size_t open_ = 0;                           // under mutex_: idle and leased
};

}  // namespace vigil::storage::postgresql
