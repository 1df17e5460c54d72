#include "daemon/app.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/handlers/bulk_handler.hpp"
#include "api/handlers/document_handler.hpp"
#include "api/handlers/es_compat_handler.hpp"
#include "api/handlers/events_handler.hpp"
#include "api/handlers/health_handler.hpp"
#include "api/http/http_server.hpp"
#include "api/http/router.hpp"
#include "api/ingest/event_writer.hpp"
#include "config/version.hpp"
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

void App::load_rules() {}

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
  if (command_line_.check_rules) {
    spdlog::info("configuration and rules are valid");
    return 0;
  }
  build_routes();
  start_server();
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
  p.writer.reset();
  p.alerts.reset();
  p.runs.reset();
  p.events.reset();
  p.database.reset();
}

}  // namespace vigil::daemon
