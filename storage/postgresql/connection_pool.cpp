#include "storage/postgresql/connection_pool.hpp"

#include <stdexcept>

namespace vigil::storage::postgresql {

ConnectionPool::ConnectionPool(std::string conninfo, std::size_t size, std::string password)
    : conninfo_(std::move(conninfo)), password_(std::move(password)), size_(size) {
  if (size_ == 0) throw std::invalid_argument("postgresql: a connection pool needs at least one connection");
  idle_.push_back(std::make_unique<Connection>(conninfo_, password_));
  open_ = 1;
}

std::unique_ptr<Connection> ConnectionPool::acquire() {
  {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;
  }
  // Connecting takes a round trip or more: not under the lock.
  try {
    return std::make_unique<Connection>(conninfo_, password_);
  } catch (...) {
    std::lock_guard lock(mutex_);
    --open_;
    returned_.notify_one();
    throw;
  }
}

void ConnectionPool::release(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  if (connection->broken())
    --open_;
  else
    idle_.push_back(std::move(connection));
  returned_.notify_one();
}

}  // namespace vigil::storage::postgresql
