#include "daemon/app.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "api/handlers/alerts_handler.hpp"
#include "api/handlers/bulk_handler.hpp"
#include "api/handlers/cluster_handler.hpp"
#include "api/handlers/dead_letters_handler.hpp"
#include "api/handlers/document_handler.hpp"
#include "api/handlers/eql_search_handler.hpp"
#include "api/handlers/es_compat_handler.hpp"
#include "api/handlers/events_handler.hpp"
#include "api/handlers/health_handler.hpp"
#include "api/handlers/hunt_handler.hpp"
#include "api/handlers/index_handler.hpp"
#include "api/handlers/metrics_handler.hpp"
#include "api/handlers/microsoft_hunting_handler.hpp"
#include "api/handlers/rules_handler.hpp"
#include "api/handlers/rules_reload_handler.hpp"
#include "api/http/http_server.hpp"
#include "api/http/loopback.hpp"
#include "api/http/router.hpp"
#include "api/ingest/ingest_reporter.hpp"
#include "api/metrics/cluster_metrics.hpp"
#include "api/metrics/detection_metrics.hpp"
#include "api/metrics/http_metrics.hpp"
#include "api/metrics/ingest_metrics.hpp"
#include "api/metrics/metrics_registry.hpp"
#include "api/openapi/openapi_handler.hpp"
#include "config/version.hpp"
#include "daemon/access_control.hpp"
#include "daemon/alert_delivery.hpp"
#include "daemon/file_limit.hpp"
#include "daemon/kafka_inputs.hpp"
#include "daemon/maintenance_windows.hpp"
#include "daemon/rule_reloader.hpp"
#include "daemon/settings.hpp"
#include "daemon/storage_backend.hpp"
#include "engine/content/register_all.hpp"
#include "engine/detect/cluster_presence.hpp"
#include "engine/detect/ingest_matcher.hpp"
#include "engine/detect/ingest_matching.hpp"
#include "engine/detect/scheduler.hpp"
#include "engine/detect/scheduler_thread.hpp"
#include "engine/health/health_monitor.hpp"
#include "engine/health/source_activity.hpp"
#include "engine/ingest/ingest_pipeline.hpp"
#include "engine/maintenance/retention_task.hpp"
#include "engine/maintenance/storage_figures_cache.hpp"
#include "engine/rules/rule_loader.hpp"
#include "engine/schedule/clock.hpp"
#include "engine/schedule/clocked_thread.hpp"
#include "engine/schedule/single_node_membership.hpp"

namespace vigil::daemon {
namespace {

// [cluster] node_id, or the host name and process id: unique among nodes
// that run one per host or container, and new at each start.
std::string node_id(const config::ClusterOptions& o) {
  if (!o.node_id.empty()) return o.node_id;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "vigild");
  return std::string(host) + "-" + std::to_string(getpid());
}

}  // namespace

struct App::Parts {
  engine::SystemClock clock;
  // Declared early: whatever counts into them is torn down before them.
  api::metrics::MetricsRegistry metrics;
  api::metrics::HttpMetrics http_metrics{metrics};
  api::metrics::IngestMetrics ingest_metrics{metrics};
  api::IngestReporter ingest_reporter{&ingest_metrics};
  std::unique_ptr<api::metrics::DetectionMetrics> detection_metrics;
  std::unique_ptr<StorageBackend> storage;
  std::unique_ptr<engine::maintenance::StorageFiguresCache> figures;
  std::unique_ptr<AlertDelivery> delivery;
  std::unique_ptr<engine::ingest::IngestPipeline> pipeline;
  std::unique_ptr<KafkaInputs> kafka_inputs;
  std::shared_ptr<const engine::RuleSet> rules;  // as loaded at start, until the scheduler owns it
  ClusterStores cluster;                         // its membership filled in when the backend has none
  std::unique_ptr<engine::detect::IngestMatcher> matcher;
  std::unique_ptr<RuleReloader> reloader;
  std::unique_ptr<engine::detect::Scheduler> scheduler;
  std::unique_ptr<engine::detect::SchedulerThread> scheduler_thread;
  std::unique_ptr<engine::detect::ClusterPresence> presence;
  std::unique_ptr<engine::ClockedThread> presence_thread;
  engine::health::SourceActivity activity;
  std::unique_ptr<engine::health::HealthMonitor> health;  // null when [health] enabled = false
  std::unique_ptr<engine::ClockedThread> health_thread;
  std::unique_ptr<engine::maintenance::RetentionTask> retention_task;
  std::unique_ptr<engine::ClockedThread> retention_thread;
  api::Router router;
  std::unique_ptr<api::HttpServer> server;
};

App::App(config::Config config, CommandLine command_line)
    : config_(std::move(config)), command_line_(std::move(command_line)), parts_(std::make_unique<Parts>()) {}

App::~App() { shut_down(); }

void App::open_storage() {
  // A validation run builds every part on a database in memory: it writes
  // nothing, not even the data directory.
  auto& p = *parts_;
  p.storage = daemon::open_storage(
      config_.storage,
      {.validating = command_line_.check_rules || command_line_.print_routes,
       .outbox_writes = config_.outputs.empty() ? storage::OutboxWrites::kOff : storage::OutboxWrites::kOn});
  p.figures = std::make_unique<engine::maintenance::StorageFiguresCache>(
      [storage = p.storage.get()] { return storage->figures(); }, p.clock);
}

void App::load_rules() {
  // Content (Microsoft 365, ActiveSync) plugs into detection before any rule is compiled or run.
  engine::content::register_all(engine::detect::content_registry(),
                                {.m365 = {.accepted_domains = config_.m365.accepted_domains}});
  auto loaded = load_configured_rules(config_.rules);
  if (!loaded.result.ok())
    throw std::runtime_error(std::to_string(loaded.result.errors().size()) +
                             " rule error(s); first: " + loaded.result.errors().front().to_string());
  parts_->rules = std::make_shared<const engine::RuleSet>(std::move(loaded.rules));
}

void App::create_scheduler() {
  auto& p = *parts_;
  p.detection_metrics = std::make_unique<api::metrics::DetectionMetrics>(p.metrics, *p.rules);
  p.detection_metrics->set_rules(p.rules);
  engine::detect::SchedulerOptions options;
  options.max_catchup = static_cast<engine::TimeMs>(config_.rules.max_catchup_minutes) * engine::kMinuteMs;
  options.maintenance_windows = to_maintenance_windows(config_.maintenance_windows);
  if (config_.health.enabled) {
    engine::health::HealthPolicy policy;
    for (const auto& s : config_.health.silent_sources)
      policy.silent_sources.push_back({s.pattern, s.after_minutes * engine::kMinuteMs, s.per_host});
    policy.ingest_refused_after = config_.health.ingest_refused_minutes * engine::kMinuteMs;
    policy.disk_limit_bytes = config_.health.disk_limit_mb << 20;
    // Built with the routes, before the health thread starts.
    policy.disk_used = [figures = p.figures.get()] { return figures->read().database_bytes; };
    p.health = std::make_unique<engine::health::HealthMonitor>(std::move(policy), p.activity, p.storage->stores().runs,
                                                               p.clock);
  }
  options.on_runs = [detection = p.detection_metrics.get(), parts = &p,
                     health = p.health.get()](const std::vector<engine::RunRecord>& runs) {
    detection->observe(runs);
    if (health) health->observe_runs(runs);
    if (parts->delivery) parts->delivery->wake();
    for (const auto& r : runs) {
      const auto level = r.status == engine::RunStatus::kSucceeded ? spdlog::level::info : spdlog::level::warn;
      spdlog::log(level, "rule {} {}: window {}..{}, {} scanned, {} matched, {} alerts{}", r.rule_id,
                  to_string(r.status), engine::format_timestamp(r.window_start), engine::format_timestamp(r.window_end),
                  r.events_scanned, r.matches, r.alerts_created, r.error ? ", error: " + *r.error : "");
    }
  };
  const auto node = node_id(config_.cluster);
  p.cluster = p.storage->cluster(node, config_.cluster);
  options.leases = p.cluster.leases.get();
  p.scheduler = std::make_unique<engine::detect::Scheduler>(p.rules, p.storage->stores().events,
                                                            p.storage->stores().runs, p.clock, std::move(options));
  for (const auto& id : p.scheduler->unsupported_rule_ids())
    spdlog::warn("rules: {} is not scheduled: its type cannot run yet", id);
  p.scheduler_thread = std::make_unique<engine::detect::SchedulerThread>(*p.scheduler, p.clock);
  if (!p.cluster.membership)
    p.cluster.membership = std::make_unique<engine::SingleNodeMembership>(
        node, p.clock, [scheduler = p.scheduler.get()] { return scheduler->leased_rule_ids(); });
  p.presence = std::make_unique<engine::detect::ClusterPresence>(*p.cluster.membership, *p.scheduler, p.clock);
  spdlog::info("cluster: node {}{}", node,
               p.cluster.leases ? fmt::format(", rule leases of {} ms", config_.cluster.lease_ttl_ms) : " (alone)");
}

void App::start_presence() {
  auto& p = *parts_;
  const auto interval = static_cast<engine::TimeMs>(config_.cluster.heartbeat_interval_ms);
  p.presence_thread = std::make_unique<engine::ClockedThread>(
      p.clock, [presence = p.presence.get(), clock = &p.clock, interval]() -> std::optional<engine::TimeMs> {
        if (const auto failure = presence->beat()) spdlog::warn("cluster: heartbeat failed: {}", *failure);
        return clock->now() + interval;
      });
  p.presence_thread->start();
}

void App::start_retention() {
  auto& p = *parts_;
  const auto& o = config_.retention;
  p.retention_task = std::make_unique<engine::maintenance::RetentionTask>(
      p.storage->stores().retention, p.clock,
      engine::maintenance::RetentionPolicy{
          o.events_days * engine::kDayMs, o.alerts_days * engine::kDayMs, o.batch_size,
          o.basis == "timestamp" ? engine::RetentionBasis::kTimestamp : engine::RetentionBasis::kIngested});
  const auto interval = static_cast<engine::TimeMs>(o.interval_seconds) * engine::kSecondMs;
  p.retention_thread = std::make_unique<engine::ClockedThread>(
      p.clock, [task = p.retention_task.get(), clock = &p.clock, interval, o]() -> std::optional<engine::TimeMs> {
        try {
          const auto counts = task->run_pass();
          if (counts.deleted_any())
            spdlog::info(
                "retention: deleted {} events older than {} days (by {}) and {} alerts older than {} days; {} "
                "pages returned to the file system",
                counts.events, o.events_days, o.basis, counts.alerts, o.alerts_days, counts.pages_reclaimed);
        } catch (const std::exception& e) {
          // A busy or full database: the next pass tries again.
          spdlog::warn("retention: pass failed: {}", e.what());
        }
        return clock->now() + interval;
      });
  p.retention_thread->start();
}

void App::start_delivery() {
  auto& p = *parts_;
  // Always built: with no outputs it deletes what an earlier configuration left queued.
  p.delivery = std::make_unique<AlertDelivery>(config_.outputs, *p.storage, p.clock, p.metrics);
  p.delivery->start();
}

void App::start_health_checks() {
  auto& p = *parts_;
  if (!p.health) return;
  const auto interval = static_cast<engine::TimeMs>(config_.health.interval_seconds) * engine::kSecondMs;
  p.health_thread = std::make_unique<engine::ClockedThread>(
      p.clock, [health = p.health.get(), clock = &p.clock, interval]() -> std::optional<engine::TimeMs> {
        try {
          if (const auto raised = health->check()) spdlog::warn("health: {} new health alert(s)", raised);
        } catch (const std::exception& e) {
          spdlog::warn("health: checks failed: {}", e.what());  // the next pass tries again
        }
        return clock->now() + interval;
      });
  p.health_thread->start();
}

void App::begin_ingest_matching() {
  auto& p = *parts_;
  p.matcher = std::make_unique<engine::detect::IngestMatcher>(*p.rules);
  const auto restarted =
      engine::detect::begin_ingest_matching(p.storage->stores().events.rule_matches(), p.matcher->versions());
  spdlog::info("rules: {} matched at ingest", p.matcher->versions().size());
  for (const auto& id : restarted)
    spdlog::info("rules: {} is new or changed: its runs scan the events stored before now, then read its matches", id);
}

void App::build_routes() {
  auto& p = *parts_;
  std::vector<engine::ingest::IngestObserver*> observers{&p.ingest_reporter};
  if (p.health) observers.push_back(&p.activity);
  p.pipeline = std::make_unique<engine::ingest::IngestPipeline>(
      p.storage->stores().events, p.clock, config_.server.max_pending_writes, std::move(observers), p.matcher.get());
  p.kafka_inputs = std::make_unique<KafkaInputs>(config_.inputs.kafka, *p.pipeline, p.storage->stores().dead_letters,
                                                 p.clock, p.metrics, *p.cluster.membership);
  api::add_health_routes(p.router, ready_, [inputs = p.kafka_inputs.get()] { return inputs->degraded(); });
  // The cluster UUID only has to be stable for one database.
  const auto uuid = std::hash<std::string>{}(p.storage->identity());
  api::add_es_compat_routes(p.router,
                            {config_.server.elasticsearch_version, "vigil", fmt::format("{:016x}", uuid), "vigild"});
  api::add_bulk_routes(p.router, *p.pipeline,
                       {config_.server.body_limit, config_.server.body_limit, config_.ingest.overwrite_indices,
                        config_.ingest.max_items_per_request},
                       &p.ingest_metrics);
  api::add_events_routes(p.router, *p.pipeline, {config_.server.body_limit, config_.ingest.max_items_per_request});
  api::add_document_routes(p.router, p.storage->stores().events);
  api::add_index_routes(p.router, p.storage->stores().events);
  api::add_eql_search_routes(p.router, p.storage->stores().events, p.clock);
  const api::HuntLimitsConfig hunt_limits{config_.hunt.timeout_ms, config_.hunt.max_rows,
                                          std::size_t{config_.hunt.memory_mb} << 20,
                                          config_.hunt.graph_timespan_days * engine::kDayMs};
  api::add_hunt_routes(p.router, p.storage->stores().hunt_source, p.clock, hunt_limits);
  api::add_microsoft_hunting_routes(p.router, p.storage->stores().hunt_source, p.clock, hunt_limits);
  api::add_rules_routes(p.router, p.storage->stores().runs, *p.scheduler);
  // The configuration file is read again for [rules]: its other settings need a restart.
  p.reloader = std::make_unique<RuleReloader>(
      [command_line = command_line_] {
        return resolve_config(command_line, [](const char* name) { return std::getenv(name); }).rules;
      },
      RuleReloader::Targets{p.storage->stores().events, *p.pipeline, *p.scheduler, *p.scheduler_thread,
                            *p.detection_metrics, p.matcher});
  api::add_rules_reload_route(p.router, [reloader = p.reloader.get()] { return reloader->reload(); });
  api::add_cluster_routes(p.router, *p.cluster.membership);
  api::add_alerts_routes(p.router, p.storage->stores().alerts, p.clock, config_.server.max_response_bytes);
  api::add_dead_letters_routes(p.router, p.storage->stores().dead_letters, p.clock, config_.server.max_response_bytes);
  api::add_openapi_routes(p.router);

  // What other parts already keep is read at scrape time.
  using prometheus::MetricType;
  const auto* pipeline = p.pipeline.get();
  auto* figures = p.figures.get();
  p.metrics.add_callback("vigil_write_queue_depth", "Ingest batches writing or waiting for the database.",
                         MetricType::Gauge, [pipeline] { return static_cast<double>(pipeline->pending()); });
  p.metrics.add_callback("vigil_ingest_unrecognised_events_total",
                         "Events stored although normalization recognised no source in them (source \"unknown\").",
                         MetricType::Counter,
                         [pipeline] { return static_cast<double>(pipeline->unrecognised_total()); });
  p.metrics.add_callback(
      "vigil_database_size_bytes",
      "The database on disk: the SQLite file plus its write-ahead log, or PostgreSQL's database size.",
      MetricType::Gauge, [figures] { return static_cast<double>(figures->read().database_bytes); });
  p.metrics.add_callback("vigil_events_stored", "Events in the database.", MetricType::Gauge,
                         [figures] { return static_cast<double>(figures->read().events); });
  p.metrics.add_callback("vigil_alerts_stored", "Alerts in the database.", MetricType::Gauge,
                         [figures] { return static_cast<double>(figures->read().alerts); });
  api::metrics::add_cluster_metrics(p.metrics, *p.scheduler, *p.presence);
  api::add_metrics_routes(p.router, p.metrics);
}

void App::start_server() {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = config_.server.threads ? config_.server.threads : cores;
  api::HttpServerOptions options{
      config_.server.listen.host,
      config_.server.listen.port,
      threads,
      threads,
      threads,
      config_.server.ingest_nice,
      config_.server.ingest_heap_warmup,
      config_.server.header_limit,
      config_.server.body_limit,
      std::chrono::seconds(config_.server.read_timeout_seconds),
      api::HttpServerOptions{}.handshake_timeout,
      config_.tls.cert_file.string(),
      config_.tls.key_file.string(),
      config_.tls.client_ca_file.string(),
      config_.server.request_memory_limit,
      config_.server.max_unauthenticated_connections,
      // Protected mode (no keys, loopback) checks Host too; --insecure turns both off.
      {config_.auth.api_keys.empty() && !command_line_.insecure, config_.server.allowed_hosts}};
  // A keyless daemon listening on one name answers to it.
  if (!api::is_loopback_host(options.host) && options.host != "0.0.0.0" && options.host != "::")
    options.guard.allowed_hosts.push_back(options.host);
  parts_->server = std::make_unique<api::HttpServer>(
      options, parts_->router,
      [http = &parts_->http_metrics](const api::Request& req, const api::Response& res, const std::string& route,
                                     std::chrono::microseconds took) {
        http->observe(req, res, route, took);
        spdlog::debug("{} {} {} {}us", std::string(req.method_string()), std::string(req.target()), res.result_int(),
                      took.count());
      });
  // Registered before the server starts, so no scrape races the registration.
  const auto& memory = parts_->server->request_memory();
  using prometheus::MetricType;
  parts_->metrics.add_callback("vigil_request_memory_bytes",
                               "Memory request bodies in flight hold now, of server.request_memory_limit.",
                               MetricType::Gauge, [&memory] { return static_cast<double>(memory.in_use()); });
  parts_->metrics.add_callback("vigil_request_memory_peak_bytes",
                               "The most request memory held at once since start (429s begin at the limit).",
                               MetricType::Gauge, [&memory] { return static_cast<double>(memory.peak()); });
  parts_->metrics.add_callback(
      "vigil_http_connections_refused_total",
      "Connections closed on accept because server.max_unauthenticated_connections were open.", MetricType::Counter,
      [server = parts_->server.get()] { return static_cast<double>(server->refused_connections()); });
  parts_->server->start();
  spdlog::info("vigild {} listening on {}://{}{}", kVersion, config_.tls.enabled() ? "https" : "http", bound_address(),
               config_.tls.client_ca_file.empty() ? "" : " (client certificates required)");
}

std::string App::bound_address() const {
  const auto endpoint = parts_->server->bound_endpoint();
  // ListenAddress brackets IPv6 hosts ("[::1]:8720"), as URLs and --listen take them.
  return config::ListenAddress{endpoint.address().to_string(), endpoint.port()}.to_string();
}

void App::write_port_file() {
  if (!command_line_.port_file) return;
  const std::filesystem::path path = *command_line_.port_file;
  // Write then rename, so a reader never sees a half-written file.
  const auto tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << bound_address() << "\n";
    if (!out) throw std::runtime_error("cannot write port file " + tmp);
  }
  std::filesystem::rename(tmp, path);
}

int App::run() {
  // Refused before any file is touched. --check-rules refuses what a real
  // start would; --print-routes only lists.
  auto keys = key_registry(config_.auth);
  if (!command_line_.print_routes) check_protected_mode(config_, command_line_.insecure);
  open_storage();
  load_rules();
  create_scheduler();
  if (command_line_.check_rules) {
    spdlog::info("configuration and rules are valid (listen {}, database {})", config_.server.listen.to_string(),
                 config_.storage.database_path().string());
    return 0;
  }
  if (!command_line_.print_routes) begin_ingest_matching();
  build_routes();
  parts_->rules.reset();  // the scheduler owns the running set from here, and frees it on a reload
  const api::AccessPolicy policy(config_.metrics.open_on_loopback);
  if (command_line_.print_routes) {
    print_routes(parts_->router, policy, std::cout);
    return 0;
  }
  parts_->router.protect(std::move(keys), policy);
  const auto files = raise_open_file_limit();
  spdlog::log(files.ok ? spdlog::level::info : spdlog::level::warn, "{}", files.message);
  // Before the server: a manual run through the API wakes delivery.
  start_delivery();
  start_server();
  parts_->kafka_inputs->start();
  // First: the heartbeat is in before this node takes any lease.
  start_presence();
  parts_->scheduler_thread->start();
  start_retention();
  start_health_checks();
  ready_ = true;
  write_port_file();

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  int received = 0;
  while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
    spdlog::info("received SIGHUP, reloading rules");
    try {
      parts_->reloader->reload();
    } catch (const std::exception& e) {
      spdlog::error("rules: reload failed, the rules loaded before keep running: {}", e.what());
    }
  }
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
  if (p.kafka_inputs) p.kafka_inputs->stop();  // a batch in hand is stored and committed
  if (p.health_thread) p.health_thread->stop();
  p.health_thread.reset();
  if (p.retention_thread) p.retention_thread->stop();  // a batch in progress commits
  p.retention_thread.reset();
  p.retention_task.reset();
  if (p.scheduler_thread) p.scheduler_thread->stop();  // a run in progress finishes and commits
  p.scheduler_thread.reset();
  if (p.presence_thread) p.presence_thread->stop();
  p.presence_thread.reset();
  // The other nodes take this one's rules at once rather than after the leases expire.
  if (p.scheduler) p.scheduler->release_leases();
  if (p.delivery) p.delivery->stop();  // a delivery in progress ends within its timeout
  p.delivery.reset();
  p.presence.reset();
  p.scheduler.reset();
  p.cluster = {};
  p.health.reset();
  p.reloader.reset();
  p.kafka_inputs.reset();
  p.pipeline.reset();
  p.matcher.reset();
  p.figures.reset();
  p.storage.reset();
}

}  // namespace vigil::daemon
