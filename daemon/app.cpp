#include "daemon/app.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/handlers/alerts_handler.hpp"
#include "api/handlers/bulk_handler.hpp"
#include "api/handlers/document_handler.hpp"
#include "api/handlers/es_compat_handler.hpp"
#include "api/handlers/events_handler.hpp"
#include "api/handlers/health_handler.hpp"
#include "api/handlers/rules_handler.hpp"
#include "api/http/http_server.hpp"
#include "api/http/router.hpp"
#include "api/ingest/event_writer.hpp"
#include "config/version.hpp"
#include "daemon/maintenance_windows.hpp"
#include "engine/detect/scheduler.hpp"
#include "engine/detect/scheduler_thread.hpp"
#include "engine/rules/rule_loader.hpp"
#include "engine/schedule/clock.hpp"
#include "storage/sqlite/database.hpp"
#include "storage/sqlite/sqlite_alert_store.hpp"
#include "storage/sqlite/sqlite_event_store.hpp"
#include "storage/sqlite/sqlite_run_store.hpp"

namespace vigil::daemon {

struct App::Parts {
  engine::SystemClock clock;
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<storage::SqliteEventStore> events;
  std::unique_ptr<storage::SqliteRunStore> runs;
  std::unique_ptr<storage::SqliteAlertStore> alerts;
  std::unique_ptr<api::EventWriter> writer;
  engine::RuleSet rules;
  std::unique_ptr<engine::detect::Scheduler> scheduler;
  std::unique_ptr<engine::detect::SchedulerThread> scheduler_thread;
  api::Router router;
  std::unique_ptr<api::HttpServer> server;
};

App::App(config::Config config, CommandLine command_line)
    : config_(std::move(config)), command_line_(std::move(command_line)), parts_(std::make_unique<Parts>()) {}

App::~App() { shut_down(); }

void App::open_storage() {
  std::filesystem::create_directories(config_.storage.data_dir);
  auto& p = *parts_;
  p.database = std::make_unique<storage::Database>(storage::Database::Options{
      config_.storage.database_path(), config_.storage.synchronous, config_.storage.busy_timeout_ms});
  p.events = std::make_unique<storage::SqliteEventStore>(*p.database);
  p.runs = std::make_unique<storage::SqliteRunStore>(*p.database);
  p.alerts = std::make_unique<storage::SqliteAlertStore>(*p.database);
  spdlog::info("storage: {} (schema version {})", config_.storage.database_path().string(),
               p.database->schema_version());
}

std::filesystem::path builtin_rules_dir() {
  // Installed: <prefix>/bin/vigild next to <prefix>/share/vigil/rules.
  // From a build tree: the source tree's rules/.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share/vigil/rules";
    if (std::filesystem::is_directory(installed)) return installed;
  }
  return VIGIL_SOURCE_RULES_DIR;
}

void App::load_rules() {
  std::vector<std::filesystem::path> dirs = config_.rules.dirs;
  if (dirs.empty()) dirs.push_back(builtin_rules_dir());
  auto loaded = engine::load_rule_directories(
      dirs, std::unordered_set<std::string>(config_.rules.disabled.begin(), config_.rules.disabled.end()),
      std::unordered_map<std::string, nlohmann::json>(config_.rules.overrides.begin(), config_.rules.overrides.end()));
  for (const auto& w : loaded.result.warnings()) spdlog::warn("rules: {}", w.to_string());
  if (!loaded.result.ok()) {
    for (const auto& e : loaded.result.errors()) spdlog::error("rules: {}", e.to_string());
    throw std::runtime_error(std::to_string(loaded.result.errors().size()) + " rule error(s); first: " +
                             loaded.result.errors().front().to_string());
  }
  parts_->rules = std::move(loaded.rules);
  std::size_t enabled = 0;
  for (const auto& r : parts_->rules.rules()) enabled += r.definition.enabled ? 1 : 0;
  std::string where;
  for (const auto& d : dirs) where += (where.empty() ? "" : ", ") + d.string();
  spdlog::info("rules: {} loaded ({} enabled) from {}", parts_->rules.size(), enabled, where);
}

void App::create_scheduler() {
  auto& p = *parts_;
  engine::detect::SchedulerOptions options;
  options.max_catchup = static_cast<engine::TimeMs>(config_.rules.max_catchup_minutes) * engine::kMinuteMs;
  options.maintenance_windows = to_maintenance_windows(config_.maintenance_windows);
  p.scheduler = std::make_unique<engine::detect::Scheduler>(p.rules, *p.events, *p.runs, p.clock, std::move(options));
  for (const auto& id : p.scheduler->unsupported_rule_ids())
    spdlog::warn("rules: {} is not scheduled: its type cannot run yet", id);
  p.scheduler_thread = std::make_unique<engine::detect::SchedulerThread>(
      *p.scheduler, p.clock, [](const std::vector<engine::RunRecord>& runs) {
        for (const auto& r : runs) {
          const auto level = r.status == "succeeded" ? spdlog::level::info : spdlog::level::warn;
          spdlog::log(level, "rule {} {}: window {}..{}, {} scanned, {} matched, {} alerts{}", r.rule_id, r.status,
                      engine::format_timestamp(r.window_start), engine::format_timestamp(r.window_end),
                      r.events_scanned, r.matches, r.alerts_created, r.error ? ", error: " + *r.error : "");
        }
      });
}

void App::build_routes() {
  auto& p = *parts_;
  p.writer = std::make_unique<api::EventWriter>(*p.events, p.clock, config_.server.max_pending_writes);
  api::add_health_routes(p.router, ready_);
  // The cluster UUID only has to be stable for one database, which its path is.
  const auto uuid = std::hash<std::string>{}(std::filesystem::absolute(config_.storage.database_path()).string());
  api::add_es_compat_routes(p.router, {config_.server.elasticsearch_version, "vigil", fmt::format("{:016x}", uuid), "vigild"});
  api::add_bulk_routes(p.router, *p.writer, {config_.server.body_limit, config_.server.body_limit});
  api::add_events_routes(p.router, *p.writer, config_.server.body_limit);
  api::add_document_routes(p.router, *p.events);
  api::add_rules_routes(p.router, p.rules, *p.runs, *p.scheduler);
  api::add_alerts_routes(p.router, *p.alerts);
}

void App::start_server() {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = config_.server.threads ? config_.server.threads : cores;
  api::HttpServerOptions options{config_.server.listen.host,
                                 config_.server.listen.port,
                                 threads,
                                 threads,
                                 config_.server.header_limit,
                                 config_.server.body_limit,
                                 std::chrono::seconds(config_.server.read_timeout_seconds)};
  parts_->server = std::make_unique<api::HttpServer>(
      options, parts_->router, [](const api::Request& req, const api::Response& res, std::chrono::microseconds took) {
        spdlog::debug("{} {} {} {}us", std::string(req.method_string()), std::string(req.target()),
                      res.result_int(), took.count());
      });
  parts_->server->start();
  const auto endpoint = parts_->server->bound_endpoint();
  spdlog::info("vigild {} listening on {}:{}", kVersion, endpoint.address().to_string(), endpoint.port());
}

void App::write_port_file() {
  if (!command_line_.port_file) return;
  const auto endpoint = parts_->server->bound_endpoint();
  const std::filesystem::path path = *command_line_.port_file;
  // Write then rename, so a reader never sees a half-written file.
  const auto tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << endpoint.address().to_string() << ":" << endpoint.port() << "\n";
    if (!out) throw std::runtime_error("cannot write port file " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

int App::run() {
  open_storage();
  load_rules();
  create_scheduler();
  if (command_line_.check_rules) {
    spdlog::info("configuration and rules are valid");
    return 0;
  }
  build_routes();
  start_server();
  parts_->scheduler_thread->start();
  ready_ = true;
  write_port_file();

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  shut_down();
  spdlog::info("stopped cleanly");
  return 0;
}

void App::shut_down() {
  ready_ = false;
  auto& p = *parts_;
  if (p.server) {
    p.server->stop(std::chrono::seconds(config_.server.shutdown_timeout_seconds));
    p.server.reset();
  }
  if (p.scheduler_thread) p.scheduler_thread->stop();  // a run in progress finishes and commits
  p.scheduler_thread.reset();
  p.scheduler.reset();
  p.writer.reset();
  p.alerts.reset();
  p.runs.reset();
  p.events.reset();
  p.database.reset();
}

}  // namespace vigil::daemon
