#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vigil::inputs::kafka {

// A fixed set of threads running posted jobs, first posted first started.
// Jobs must not throw (catch inside and hand the error over). The
// destructor runs what is still queued, then joins. post() is thread-safe.
class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(std::function<void()> job);
  unsigned size() const { return static_cast<unsigned>(threads_.size()); }

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable posted_;
  std::deque<std::function<void()>> jobs_;  // guarded by mutex_
  bool closing_ = false;                    // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace vigil::inputs::kafka
