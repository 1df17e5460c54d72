#include "daemon/alert_delivery.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <climits>
#include <stdexcept>

#include "api/metrics/output_metrics.hpp"
#include "outputs/syslog_sink.hpp"
#include "outputs/webhook_sink.hpp"

namespace vigil::daemon {
namespace {

constexpr engine::TimeMs kPausedMs = 5000;

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "-";
  return name;
}

std::unique_ptr<engine::outputs::Sink> make_webhook(const config::OutputOptions& o) {
  const auto url = outputs::parse_url(o.url);
  if (!url) throw std::runtime_error("'" + o.url + "' is not an http:// or https:// URL");
  outputs::WebhookOptions w;
  w.url = *url;
  w.body = o.template_name == "slack"   ? outputs::WebhookTemplate::kSlack
           : o.template_name == "teams" ? outputs::WebhookTemplate::kTeams
                                        : outputs::WebhookTemplate::kRaw;
  w.headers = o.headers;
  w.hmac_secret = o.hmac_secret;
  w.signature_header = o.signature_header;
  w.timeout = std::chrono::milliseconds(o.timeout_ms);
  w.ca_file = o.ca_file.string();
  return std::make_unique<outputs::WebhookSink>(std::move(w));
}

std::unique_ptr<engine::outputs::Sink> make_syslog(const config::OutputOptions& o) {
  const auto address = config::parse_listen_address(o.address);
  if (!address) throw std::runtime_error("'" + o.address + "' is not HOST:PORT");
  outputs::SyslogOptions s;
  s.host = address->host;
  s.port = address->port;
  s.transport = o.transport == "tls"   ? outputs::SyslogTransport::kTls
                : o.transport == "tcp" ? outputs::SyslogTransport::kTcp
                                       : outputs::SyslogTransport::kUdp;
  s.format = o.format == "cef" ? outputs::SyslogFormat::kCef : outputs::SyslogFormat::kJson;
  s.identity = {outputs::syslog_facility(o.facility), host_name(), o.app_name, std::to_string(getpid())};
  s.timeout = std::chrono::milliseconds(o.timeout_ms);
  s.ca_file = o.ca_file.string();
  return std::make_unique<outputs::SyslogSink>(std::move(s));
}

engine::outputs::DispatcherOptions dispatcher_options(const config::OutputOptions& o) {
  engine::outputs::DispatcherOptions d;
  d.output = o.name;
  d.filter = {o.filter.rule_ids,
              o.filter.min_severity.empty() ? std::nullopt : std::optional<std::string>(o.filter.min_severity),
              o.filter.techniques, o.filter.statuses, o.triage_changes};
  d.backoff = {o.initial_backoff_ms, o.max_backoff_ms};
  d.max_attempts = static_cast<int>(o.max_attempts);
  d.on_failure = [](const std::string& message) { spdlog::warn("{}", message); };
  return d;
}

}  // namespace

AlertDelivery::AlertDelivery(const std::vector<config::OutputOptions>& outputs, StorageBackend& storage,
                             const engine::Clock& clock, api::metrics::MetricsRegistry& metrics) {
  std::vector<std::string> names;
  for (const auto& o : outputs) names.push_back(o.name);
  outbox_ = storage.outbox(names);
  // A new output starts at the end of the outbox as it is now, before any
  // rule runs: alerts of the scheduler's first pass are its first entries.
  for (const auto& name : names) outbox_->position(name);
  for (const auto& o : outputs) {
    std::unique_ptr<engine::outputs::Sink> sink;
    try {
      sink = o.kind == "syslog" ? make_syslog(o) : make_webhook(o);
    } catch (const std::exception& e) {
      throw std::runtime_error("output " + o.name + ": " + e.what());
    }
    auto dispatcher =
        std::make_unique<engine::outputs::OutputDispatcher>(*outbox_, std::move(sink), clock, dispatcher_options(o));
    api::metrics::add_output_metrics(metrics, *dispatcher, *outbox_);
    const auto tick = [d = dispatcher.get(), c = &clock]() -> std::optional<engine::TimeMs> {
      try {
        return d->tick();
      } catch (const std::exception& e) {
        // A busy or full database: the position is durable, a later tick resumes.
        spdlog::warn("output {}: delivery paused for {} s: {}", d->output(), kPausedMs / 1000, e.what());
        return c->now() + kPausedMs;
      }
    };
    threads_.push_back(std::make_unique<engine::ClockedThread>(clock, tick));
    dispatchers_.push_back(std::move(dispatcher));
    // Only the host of a webhook: Slack's and Teams' URLs hold their secret in the path.
    spdlog::info("output {}: {} to {}", o.name, o.kind,
                 o.kind == "syslog" ? o.transport + "://" + o.address : outputs::parse_url(o.url)->host);
  }
}

AlertDelivery::~AlertDelivery() { stop(); }

void AlertDelivery::start() {
  for (auto& t : threads_) t->start();
}

void AlertDelivery::wake() {
  for (auto& t : threads_) t->wake();
}

void AlertDelivery::stop() {
  for (auto& d : dispatchers_) d->request_stop();
  for (auto& t : threads_) t->stop();
}

}  // namespace vigil::daemon
