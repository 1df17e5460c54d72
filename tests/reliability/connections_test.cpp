// Connection exhaustion: a thousand idle keep-alive connections and a
// slowloris client (one header byte a second) do not stop another client
// from being served, and the read timeout closes all of them, so the
// daemon's descriptors fall back.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/daemon_fixture.hpp"

namespace vigil::test {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kIdle = 1000;
constexpr int kReadTimeoutSeconds = 3;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The test holds a thousand sockets, so it needs the hard limit too.
void raise_file_limit_or_fail() {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  ASSERT_GE(limit.rlim_max, static_cast<rlim_t>(kIdle + 200))
      << "the hard RLIMIT_NOFILE is " << limit.rlim_max << ", too low for " << kIdle
      << " connections in this test and in vigild: raise it (ulimit -Hn, LimitNOFILE=, docker --ulimit nofile=)";
}

int connect_to(const Daemon& d) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(d.port());
  inet_pton(AF_INET, d.host().c_str(), &addr.sin_addr);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) close(fd);
    return -1;
  }
  return fd;
}

// One keep-alive GET /healthz, its whole answer read; true on 200.
bool one_request(int fd) {
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) return false;
  std::string reply;
  char buffer[4096];
  for (;;) {
    const auto head_end = reply.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      const auto at = reply.find("Content-Length: ");
      const auto length = at == std::string::npos ? 0 : std::stoul(reply.substr(at + 16));
      if (reply.size() >= head_end + 4 + length) break;
    }
    const auto n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  return reply.rfind("HTTP/1.1 200", 0) == 0;
}

std::size_t open_descriptors(pid_t pid) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
    ++n;
  return n;
}

// Waits until the server closed every socket (EOF or reset); returns how
// many still were open at the deadline.
std::size_t wait_closed(std::vector<int>& fds, Clock::time_point deadline) {
  std::vector<pollfd> polls;
  for (const int fd : fds) polls.push_back({fd, POLLIN, 0});
  std::size_t open = polls.size();
  while (open > 0 && Clock::now() < deadline) {
    if (poll(polls.data(), polls.size(), 100) <= 0) continue;
    for (auto& p : polls) {
      if (p.fd < 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char byte;
      if (recv(p.fd, &byte, 1, MSG_DONTWAIT) <= 0) {  // 0: EOF; -1: reset
        p.fd = -1;                                    // poll ignores it from now on
        --open;
      }
    }
  }
  return open;
}

TEST(Connections, IdleAndSlowlorisConnectionsNeitherStarveOthersNorOutliveTheReadTimeout) {
  raise_file_limit_or_fail();
  TempDir dir;
  std::ofstream(dir / "vigil.toml") << "[server]\nread_timeout_seconds = " << kReadTimeoutSeconds << "\n";
  Daemon daemon({"--config", (dir / "vigil.toml").string()});
  EXPECT_NE(daemon.log().find("open files"), std::string::npos) << daemon.log();
  const auto baseline_fds = open_descriptors(daemon.pid());

  std::vector<int> idle;
  std::vector<Clock::time_point> answered;
  int served = 0;
  for (int i = 0; i < kIdle; ++i) {
    const int fd = connect_to(daemon);
    ASSERT_GE(fd, 0) << "connection " << i << " refused";
    idle.push_back(fd);
    served += one_request(fd) ? 1 : 0;
    answered.push_back(Clock::now());
  }
  const auto idle_since = Clock::now();
  EXPECT_EQ(served, kIdle);
  const auto busy_fds = open_descriptors(daemon.pid());
  // On a loaded machine opening a thousand connections can take longer
  // than the read timeout, which rightly closes the first ones meanwhile.
  // Those answered within the last timeout, less a second for the time
  // an answer takes to arrive, are surely held.
  const auto held = std::count_if(answered.begin(), answered.end(), [&](Clock::time_point at) {
    return idle_since - at < std::chrono::seconds(kReadTimeoutSeconds - 1);
  });
  EXPECT_GE(busy_fds, baseline_fds + held) << "the idle connections are all held open";
  EXPECT_GT(held, 0) << "opening the connections took longer than the read timeout";

  // The slowloris: a header that never ends, one byte a second.
  std::atomic<bool> slowloris_closed{false};
  std::atomic<int> slowloris_sent{0};
  double slowloris_lived = 0;
  const int loris = connect_to(daemon);
  ASSERT_GE(loris, 0);
  const auto loris_start = Clock::now();
  std::thread slowloris([&] {
    const std::string header = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + std::string(100, 'a') + "\r\n\r\n";
    for (const char c : header) {
      if (send(loris, &c, 1, MSG_NOSIGNAL) != 1) break;
      ++slowloris_sent;
      pollfd p{loris, POLLIN, 0};
      if (poll(&p, 1, 1000) > 0) break;  // the server closed it (EOF or reset)
    }
    slowloris_lived = seconds_since(loris_start);
    slowloris_closed = true;
  });

  // Another client is served at once, while all of them hold on.
  const auto asked = Clock::now();
  HttpClient other(daemon.host(), daemon.port());
  const auto res = other.post("/_bulk", "{\"create\":{\"_index\":\"conn\"}}\n{\"message\":\"served\"}\n",
                              {{"Content-Type", "application/x-ndjson"}});
  const double served_in = seconds_since(asked);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_FALSE(slowloris_closed) << "the slowloris is still connected while the other client is served";

  // The read timeout closes every idle connection, and the slowloris
  // within one timeout of its start however many bytes it trickles.
  const auto deadline = idle_since + std::chrono::seconds(kReadTimeoutSeconds + 5);
  const auto still_open = wait_closed(idle, deadline);
  const double idle_closed_after = seconds_since(idle_since);
  slowloris.join();
  for (const int fd : idle) close(fd);
  close(loris);
  EXPECT_EQ(still_open, 0u) << "idle connections outlived the read timeout";
  EXPECT_LT(slowloris_lived, kReadTimeoutSeconds + 2.0) << "a trickled header extended the read timeout";
  EXPECT_LT(slowloris_sent.load(), 60) << "the slowloris was cut off before finishing its header";

  std::size_t fds_after = open_descriptors(daemon.pid());
  for (int i = 0; i < 50 && fds_after > baseline_fds + 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    fds_after = open_descriptors(daemon.pid());
  }
  std::cout << "vigild descriptors: " << baseline_fds << " idle, " << busy_fds << " with " << kIdle
            << " keep-alive connections and a slowloris, " << fds_after << " after; other client served in "
            << served_in * 1000 << " ms; idle connections all closed " << idle_closed_after
            << " s after going idle; slowloris closed after " << slowloris_lived << " s, " << slowloris_sent
            << " bytes sent\n";
  EXPECT_LE(fds_after, baseline_fds + 2) << "vigild's descriptors fall back once the connections are closed";
  EXPECT_EQ(daemon.client().get("/readyz").status, 200);
  EXPECT_EQ(daemon.stop(), 0) << daemon.log();
}

}  // namespace
}  // namespace vigil::test
