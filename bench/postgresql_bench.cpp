// One vigild on PostgreSQL taking gzip _bulk over loopback, against psql
// executing the statements vigild ran for the same batches, in the same run
// on the same server (issue 32: the ratio should be at least 0.75).
//
// Three vigild runs post the same bodies (bulk_load), each into a schema of
// its own: one whose sessions log every statement with its parameters
// (log_statement = all, set in its connection options), which costs the
// server time and so is not the one timed; the timed one, second, so that
// it does not pay for the fresh cluster's first writes (the replay comes
// after both); and a third that only migrates the baseline's schema. The baseline is psql replaying, on that
// schema, the statements the logged run executed from its first batch to its
// last answer: each extended-protocol statement with its logged parameters
// written in as literals (psql 15 has no \bind), each simple one as logged
// (BEGIN, COMMIT, the day partitions' DDL). Each vigild session's statements
// go to one psql, the psqls run at once as vigild's connections did; the
// DDL that made the day partitions runs first, since the session that made
// them is not the one that used them first in every replay. Writing binary
// parameters as text literals makes psql's work a little larger than
// vigild's (the server parses hex), which favours vigild slightly.
//
// Then issue 8's rule-run figures on a PostgreSQL-backed store, on the same
// server (postgresql_rule_runs).
//
// Flags: --events N (default 100,000), --batch B (5,000), --connections K
// (4; also vigild's pool_size), --threads T (vigild's [server] threads;
// default one a core); --rule-events N (5,000,000) and --mail-events N (1,000,000) size the
// rule runs' data, 0 skipping the run.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"
#include "bench/bulk_load.hpp"
#include "bench/postgresql_rule_runs.hpp"
#include "bench/psql.hpp"
#include "storage/postgresql/connection.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/postgres_server.hpp"
#include "tests/support/process_status.hpp"

namespace {

using namespace vigil;

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// A config running vigild on `schema`, its sessions started with `options`,
// with `threads` server threads (0: vigild's default, one a core).
std::filesystem::path config(const test::TempDir& dir, const test::PostgresServer& server, const std::string& schema,
                             std::size_t pool, std::size_t threads, const std::string& options = "") {
  storage::postgresql::Connection(server.conninfo()).exec("CREATE SCHEMA " + schema);
  const auto path = dir / (schema + ".toml");
  std::ofstream(path) << "[storage]\nbackend = \"postgresql\"\nurl = \"" << server.conninfo()
                      << " options='-c search_path=" << schema << options << "'\"\npool_size = " << pool << "\n";
  if (threads) std::ofstream(path, std::ios::app) << "[server]\nthreads = " << threads << "\n";
  return path;
}

struct Ingested {
  bench::Sent sent;
  double vigild_cpu_seconds = 0;  // user + system while it took the bodies
  bool ok = false;
};

// A fresh vigild on `config` takes every body; `before` runs once it is up,
// its first rule pass done, and `after` once the last answer came.
Ingested ingest(const test::TempDir& dir, const std::filesystem::path& config, const std::vector<std::string>& bodies,
                std::size_t connections, std::size_t batch, const std::function<void()>& before = {},
                const std::function<void()>& after = {}) {
  test::Daemon daemon({"--config", config.string()}, dir / (config.stem().string() + "-data"));
  if (!daemon.wait_for_first_pass()) {
    std::cerr << "vigild's first rule pass did not finish:\n" << daemon.log();
    return {};
  }
  if (before) before();
  const double cpu_before = test::cpu_seconds(daemon.pid());
  Ingested out{bench::send(daemon, bodies, connections, 0, batch), 0, true};
  out.vigild_cpu_seconds = test::cpu_seconds(daemon.pid()) - cpu_before;
  if (after) after();
  out.ok = !out.sent.failed && daemon.stop() == 0;
  if (!out.ok) std::cerr << daemon.log();
  return out;
}

// One statement a session ran, as SQL psql can run.
struct Statement {
  std::string pid;
  std::string sql;
};

// "$1 = '…', $2 = NULL, …" as each parameter's SQL literal, by number.
std::map<int, std::string> parameters(const std::string& text) {
  std::map<int, std::string> out;
  std::size_t i = 0;
  while ((i = text.find('$', i)) != std::string::npos) {
    std::size_t end = i + 1;
    const int number = std::stoi(text.substr(end));
    end = text.find(" = ", end) + 3;
    if (text.compare(end, 4, "NULL") == 0) {
      out[number] = "NULL";
      i = end + 4;
      continue;
    }
    std::size_t close = end + 1;  // after the opening quote; a doubled quote is part of the value
    while (!(text[close] == '\'' && (close + 1 == text.size() || text[close + 1] != '\'')))
      close += text[close] == '\'' ? 2 : 1;
    out[number] = text.substr(end, close + 1 - end);
    i = close + 1;
  }
  return out;
}

// `sql` with each $N replaced by its literal.
std::string with_literals(const std::string& sql, const std::map<int, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != '$' || i + 1 == sql.size() || !std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out += sql[i];
      continue;
    }
    std::size_t end = i + 1;
    while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end]))) ++end;
    out += values.at(std::stoi(sql.substr(i + 1, end - i - 1)));
    i = end - 1;
  }
  return out;
}

// Hands `each` the statements the server's log records from byte `from` to
// byte `to` (lines "<time> [pid] LOG:  statement: …" or "… execute <name>:
// …", each execute's parameters on the DETAIL line after it, a message's
// further lines indented by a tab), each once its parameters are known.
// Streams: the log of a large run holds every batch's data in hex.
void logged_statements(const std::filesystem::path& log, std::uintmax_t from, std::uintmax_t to,
                       const std::function<void(const Statement&)>& each) {
  std::map<std::string, Statement> pending;  // by pid: an execute awaiting its parameters
  const auto finish = [&](const std::string& pid) {
    const auto found = pending.find(pid);
    if (found == pending.end()) return;
    each(found->second);
    pending.erase(found);
  };
  const auto record = [&](const std::string& r) {
    const auto open = r.find(" [");
    const auto close = r.find("] ", open);
    if (open == std::string::npos || close == std::string::npos) return;
    const auto pid = r.substr(open + 2, close - open - 2);
    const std::string_view message = std::string_view(r).substr(close + 2);
    if (message.starts_with("DETAIL:  parameters: ")) {
      const auto found = pending.find(pid);
      if (found != pending.end())
        found->second.sql = with_literals(found->second.sql, parameters(std::string(message.substr(21))));
      finish(pid);
      return;
    }
    finish(pid);
    if (message.starts_with("LOG:  statement: "))
      each({pid, std::string(message.substr(17))});
    else if (message.starts_with("LOG:  execute "))
      pending[pid] = {pid, std::string(message.substr(message.find(": ", 14) + 2))};
  };
  std::ifstream in(log, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(from));
  std::string current;
  for (std::string line; static_cast<std::uintmax_t>(in.tellg()) < to && std::getline(in, line);) {
    if (!line.empty() && line[0] == '\t') {
      current += "\n" + line.substr(1);
      continue;
    }
    record(current);
    current = std::move(line);
  }
  record(current);
  for (auto it = pending.begin(); it != pending.end(); it = pending.begin()) finish(it->first);
}

struct Replay {
  double seconds = 0;
  std::size_t statements = 0, sessions = 0, ddl = 0;
};

// psql executing, on the schema "baseline", the statements the log records
// from byte `from` to byte `to`: the partition DDL first, then one psql per
// logged session, all at once. Nothing when a psql failed.
std::optional<Replay> replay_log(const test::PostgresServer& server, const test::TempDir& dir,
                                 const std::filesystem::path& log, std::uintmax_t from, std::uintmax_t to) {
  Replay replay;
  std::map<std::string, std::ofstream> sessions;
  std::ofstream partitions(dir / "partitions.sql");
  logged_statements(log, from, to, [&](const Statement& s) {
    const bool makes_partitions = s.sql.find("CREATE TABLE") != std::string::npos;
    ++replay.statements;
    replay.ddl += makes_partitions;
    auto& out =
        makes_partitions ? partitions : sessions.try_emplace(s.pid, dir / ("session-" + s.pid + ".sql")).first->second;
    out << s.sql << ";\n";
  });
  partitions.close();
  for (auto& [pid, out] : sessions) out.close();

  replay.sessions = sessions.size();
  const auto start = bench::SteadyClock::now();
  if (bench::psql(server, "baseline", "-f " + (dir / "partitions.sql").string()) != 0) return std::nullopt;
  std::vector<std::thread> replays;
  std::vector<int> codes(sessions.size());
  std::size_t n = 0;
  for (const auto& [pid, out] : sessions) {
    const auto file = dir / ("session-" + pid + ".sql");
    replays.emplace_back([&, file, n] { codes[n] = bench::psql(server, "baseline", "-f " + file.string()); });
    ++n;
  }
  for (auto& t : replays) t.join();
  replay.seconds = bench::seconds_since(start);
  for (const int code : codes)
    if (code != 0) return std::nullopt;

  return replay;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t events = bench::arg(argc, argv, "--events", 100000);
  const std::size_t batch = bench::arg(argc, argv, "--batch", 5000);
  const std::size_t connections = bench::arg(argc, argv, "--connections", 4);
  const std::size_t threads = bench::arg(argc, argv, "--threads", 0);
  const std::size_t rule_events = bench::arg(argc, argv, "--rule-events", 5000000);
  const std::size_t mail_events = bench::arg(argc, argv, "--mail-events", 1000000);

  test::TempDir dir;
  test::PostgresServer server;
  const auto bulk = bench::sysmon_bulk_bodies(events, batch, "2026-11-22T10:00:00.000Z");
  std::cout << "machine: " << std::thread::hardware_concurrency() << " cores, load average " << load_average() << "\n"
            << "workload: " << events << " Sysmon events (" << bulk.raw_bytes / events
            << " B each as _bulk NDJSON), gzip batches of " << batch << ", " << connections
            << " keep-alive connections; vigild pool_size " << connections << ", [server] threads "
            << (threads ? std::to_string(threads) : "default") << "\n";

  std::uintmax_t from = 0, to = 0;
  const auto log = server.log_file();
  const auto logged = ingest(
      dir, config(dir, server, "logged", connections, threads, " -c log_statement=all"), bulk.gzipped, connections,
      batch, [&] { from = std::filesystem::file_size(log); }, [&] { to = std::filesystem::file_size(log); });
  if (!logged.ok) return 1;
  const auto timed = ingest(dir, config(dir, server, "timed", connections, threads), bulk.gzipped, connections, batch);
  if (!timed.ok) return 1;

  const auto baseline_schema = config(dir, server, "baseline", connections, threads);
  if (!ingest(dir, baseline_schema, {}, 1, batch).ok) return 1;

  const auto replay = replay_log(server, dir, log, from, to);
  if (!replay) return 1;

  // Both stored every event: the replay did what vigild did.
  const auto count = [&](const std::string& schema) {
    storage::postgresql::Connection c(server.conninfo());
    return c.query("SELECT count(*) FROM " + schema + ".events").int8(0, 0);
  };
  const auto stored = count("timed"), replayed = count("baseline");
  if (stored != static_cast<std::int64_t>(events) || replayed != static_cast<std::int64_t>(events)) {
    std::cerr << "events stored: vigild " << stored << ", the replay " << replayed << ", of " << events << "\n";
    return 1;
  }

  const double vigil_rate = events / timed.sent.seconds;
  const double baseline_rate = events / replay->seconds;
  std::printf("vigild _bulk ingest on PostgreSQL: %8.0f events/s (%.2f s; vigild's own CPU %.1f us per event)\n",
              vigil_rate, timed.sent.seconds, timed.vigild_cpu_seconds * 1e6 / events);
  std::printf("  with every statement logged (the run replayed): %.0f events/s (%.2f s)\n",
              events / logged.sent.seconds, logged.sent.seconds);
  std::printf(
      "baseline psql replaying its statements: %8.0f events/s (%.2f s; %zu statements over %zu sessions, %zu "
      "partition statements first)\n",
      baseline_rate, replay->seconds, replay->statements, replay->sessions, replay->ddl);
  std::printf("ratio vigild / baseline: %.2f\n", vigil_rate / baseline_rate);
  std::printf("load average after the ingest: %s\n", load_average().c_str());
  if (!bench::postgresql_rule_runs(server, rule_events, mail_events)) return 1;
  std::printf("load average at the end: %s\n", load_average().c_str());
  return 0;
}
