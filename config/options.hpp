#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vigil::config {

// Where the HTTP server listens. "HOST:PORT" or "[v6]:PORT"; port 0 picks a free port.
struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8720;

  std::string to_string() const;
};

// Parses "HOST:PORT" / "[::1]:PORT"; nullopt when malformed.
std::optional<ListenAddress> parse_listen_address(const std::string& text);

struct ServerOptions {
  ListenAddress listen;
  unsigned threads = 0;                          // 0: one per core
  int ingest_nice = 5;                           // ingest threads' nice, added to vigild's own (0..19)
  // Heap each ingest thread grows before the first request, in bytes (0: none).
  std::size_t ingest_heap_warmup = std::size_t{32} * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;          // bytes of request line + headers
  std::size_t body_limit = 100 * 1024 * 1024;    // as Elasticsearch's http.max_content_length
  unsigned read_timeout_seconds = 30;            // per request, header and body
  unsigned shutdown_timeout_seconds = 10;        // in-flight requests get this long on SIGTERM
  // Largest body of a page of alerts or history; the page ends early, with a cursor, before it.
  std::size_t max_response_bytes = std::size_t{32} * 1024 * 1024;
  unsigned max_pending_writes = 8;               // concurrent write batches before 429
  // Memory all request bodies in flight may hold, as read and parsed; beyond it, 429.
  std::size_t request_memory_limit = std::size_t{512} * 1024 * 1024;
  std::string elasticsearch_version = "8.19.0";  // reported on GET / for shippers' version checks
  // Connections not yet authenticated (no request with a valid key yet);
  // more are closed on accept. Each holds at most about header_limit.
  std::size_t max_unauthenticated_connections = 1024;
  // Without API keys vigild answers only requests whose Host is a loopback
  // name or address (DNS rebinding); these names too.
  std::vector<std::string> allowed_hosts;
};

struct StorageOptions {
  std::string backend = "sqlite";  // sqlite | postgresql
  // PostgreSQL: a libpq connection string (key=value or postgresql:// URI)
  // without its password, which comes from password_file or libpq's own
  // PGPASSFILE, so that it is never in the configuration or a log line.
  std::string url;
  std::string password;  // the content of password_file
  unsigned pool_size = 8;
  std::filesystem::path data_dir = "data";
  std::string database_file = "vigil.db";  // inside data_dir
  std::string synchronous = "normal";      // normal | full
  unsigned busy_timeout_ms = 5000;
  unsigned query_timeout_ms = 10000;  // API reads stopped (503) past this; 0: no limit

  std::filesystem::path database_path() const { return data_dir / database_file; }
};

struct LogOptions {
  std::string level = "info";   // trace | debug | info | warn | error | critical | off
  std::string format = "text";  // text | json
};

struct RulesOptions {
  std::vector<std::filesystem::path> dirs;  // empty: the built-in rules directory
  std::vector<std::string> disabled;        // rule ids loaded but never run
  unsigned max_catchup_minutes = 24 * 60;   // longest downtime gap a rule covers on restart
  // [rules.overrides."<rule_id>"]: settings replacing a rule's own
  // (thresholds and other type-specific keys), as JSON objects.
  std::map<std::string, nlohmann::json> overrides;
};

// A period in which rules run but create no alerts ([[maintenance_windows]]).
struct MaintenanceWindowOptions {
  std::string name;
  std::string start;                   // RFC 3339; empty: open
  std::string end;                     // RFC 3339; empty: open
  std::vector<std::string> weekdays;   // "mon".."sun": a weekly recurrence
  std::string start_time = "00:00";    // "HH:MM" UTC, for weekly windows
  unsigned duration_minutes = 0;       // for weekly windows
  std::vector<std::string> rule_ids;   // empty: every rule
};

// [[auth.api_keys]]: one API key. Only the SHA-256 of the key is configured.
struct ApiKeyOptions {
  std::string name;
  std::vector<std::string> roles;  // ingest | read | write | admin
  std::string sha256;              // lowercase hex digest of the key
};

struct AuthOptions {
  std::vector<ApiKeyOptions> api_keys;  // none: protected mode (loopback only)
};

// [tls]: HTTPS when cert_file and key_file are set. TLS 1.2 and later only.
struct TlsOptions {
  std::filesystem::path cert_file;       // PEM certificate chain
  std::filesystem::path key_file;        // PEM private key
  std::filesystem::path client_ca_file;  // set: clients must present a certificate it signed (mTLS)

  bool enabled() const { return !cert_file.empty(); }
};

// [retention]: how long data is kept before background deletion.
struct RetentionOptions {
  unsigned events_days = 8;    // the connector analytics look back 7 days
  // What events_days counts from: "ingested" (arrival) or "timestamp" (@timestamp).
  std::string basis = "ingested";
  unsigned alerts_days = 365;
  unsigned interval_seconds = 60;  // between deletion passes
  unsigned batch_size = 1000;      // rows per delete transaction
};

// [ingest]: what a shipper's writes may do.
struct IngestOptions {
  // Index patterns ("logs-corrected-*") whose events an `index` action may
  // replace; every other index is append-only, as Elasticsearch data streams.
  std::vector<std::string> overwrite_indices;
  // Items one _bulk or /api/v1/events request may hold; more is 413.
  std::size_t max_items_per_request = 100000;
};

// [metrics]
struct MetricsOptions {
  // Whether /metrics answers loopback clients without an API key (the
  // Prometheus agent on the same host); others always need role "read".
  // Off by default: metrics name indices, rules and volumes, which is
  // reconnaissance for anyone who reaches the port.
  bool open_on_loopback = false;
};

// [hunt]: limits of a KQL hunting query (POST /api/v1/hunt and the
// Microsoft-shaped routes). A request may ask for less, never for more.
struct HuntOptions {
  unsigned timeout_ms = 30000;     // deadline of one query (503 past it)
  unsigned max_rows = 10000;       // rows returned; more are cut and reported as truncated
  unsigned memory_mb = 256;        // rows held by summarize, sort, join, distinct, materialize (503 past it)
  unsigned graph_timespan_days = 30;  // runHuntingQuery's default Timespan, as Graph's
};

// [[outputs]]: where alerts are delivered (docs/OPERATIONS.md, "Alert delivery").
struct OutputFilterOptions {
  std::vector<std::string> rule_ids;     // empty: every rule
  std::string min_severity;              // low | medium | high | critical; empty: every severity
  std::vector<std::string> techniques;   // MITRE technique ids; "T1098" also selects T1098.xxx
  std::vector<std::string> statuses;     // open | acknowledged | closed; empty: every status
};

struct OutputOptions {
  std::string name;  // unique; names the output in metrics and logs
  std::string kind;  // webhook | syslog
  OutputFilterOptions filter;
  bool triage_changes = false;  // deliver status and classification changes too
  unsigned max_attempts = 100;  // failed attempts before an entry is dead-lettered
  unsigned initial_backoff_ms = 1000;
  unsigned max_backoff_ms = 300000;
  unsigned timeout_ms = 10000;  // per attempt: connect, send, answer
  // webhook
  std::string url;                // http:// or https://
  std::string template_name = "raw";  // raw | slack | teams
  std::map<std::string, std::string> headers;
  std::string hmac_secret;        // read from hmac_secret_file; never logged
  std::string signature_header = "X-Vigil-Signature-256";
  // syslog
  std::string address;            // HOST:PORT
  std::string transport = "udp";  // udp | tcp | tls
  std::string format = "json";    // json | cef
  std::string facility = "local0";
  std::string app_name = "vigil";
  // https webhooks and syslog over TLS: the CA bundle receivers' certificates
  // are checked against; empty: the system's.
  std::filesystem::path ca_file;
};

// [m365]: what the Microsoft 365 rules' evidence is told about the tenant.
struct M365Options {
  // The tenant's accepted domains ("contoso.com"): mail evidence marks a
  // sender or recipient domain internal when listed, external otherwise.
  // Empty: marked from each message's EmailDirection.
  std::vector<std::string> accepted_domains;
};

// [[health.silent_sources]]: indices (or the hosts writing to them) that
// raise a health alert when they fall silent.
struct SilentSourceOptions {
  std::string pattern;             // index pattern, "winlogbeat-*"
  unsigned after_minutes = 30;     // silence that raises the alert
  bool per_host = false;           // each host.name in those indices is a source of its own
};

// [health]: Vigil's built-in health alerts (docs/OPERATIONS.md, "Health alerts").
struct HealthOptions {
  bool enabled = true;
  std::vector<SilentSourceOptions> silent_sources;
  unsigned ingest_refused_minutes = 5;  // ingest refusing batches (429/503) this long raises an alert
  unsigned interval_seconds = 60;       // how often the checks run
  std::uint64_t disk_limit_mb = 0;      // the database within 10% of this raises an alert; 0: no check
};

// [cluster]: several vigild on one PostgreSQL database (docs/CLUSTER.md).
// Read on SQLite too, where the node is alone and the leases always its own.
struct ClusterOptions {
  // Names this node in heartbeats, rule leases and /api/v1/cluster; unique
  // among the nodes. Empty: the host name and process id, new at each start.
  std::string node_id;
  // A rule lease lives this long past its last renewal, by PostgreSQL's
  // clock: how long a dead node's rules wait before another node runs them.
  unsigned lease_ttl_ms = 30000;
  // How often a node records its heartbeat and renews its leases; at most
  // half of lease_ttl_ms, so one late renewal does not lose them.
  unsigned heartbeat_interval_ms = 10000;
  // A node whose last heartbeat is older than this is listed as not alive.
  unsigned node_timeout_ms = 30000;
};

// [[inputs.kafka]]: a Kafka or Azure Event Hubs topic set Vigil consumes
// (docs/OPERATIONS.md, "Kafka and Event Hubs").
struct KafkaInputOptions {
  std::string name;                  // unique; names the input in metrics, logs and dead letters
  std::vector<std::string> brokers;  // HOST:PORT each
  std::vector<std::string> topics;   // names, or "^regex" patterns
  std::string group_id = "vigil";
  std::string format = "auto";       // auto | beats | defender | ecs
  std::string index;                 // empty: the index /api/v1/events would choose
  std::string start_offset = "earliest";  // earliest | latest, for a group with no committed offset
  // Part of every generated event id: bumped when a topic or hub is
  // recreated and its offsets start again, so new messages are not taken
  // for redeliveries of old ones.
  std::uint64_t epoch = 0;
  std::string security = "plaintext";     // plaintext | ssl | sasl_ssl
  std::string sasl_mechanism = "PLAIN";   // PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512
  std::string sasl_username;              // "$ConnectionString" for Event Hubs
  std::string sasl_password;              // or read from sasl_password_file; never logged
  std::filesystem::path ca_file;          // empty: the system's CA bundle
  std::size_t max_batch_messages = 1000;  // messages stored in one transaction at most
  unsigned batch_wait_ms = 200;           // longest a partial batch waits for more
  unsigned decode_threads = 0;            // threads decoding and normalizing; 0: one per core
  unsigned initial_backoff_ms = 500;      // after a broker error or a saturated writer
  unsigned max_backoff_ms = 30000;
  // Anything else, passed to librdkafka as it is ("fetch.max.bytes" = "1048576").
  std::map<std::string, std::string> librdkafka;
};

struct InputsOptions {
  std::vector<KafkaInputOptions> kafka;
};

struct Config {
  ServerOptions server;
  HuntOptions hunt;
  AuthOptions auth;
  TlsOptions tls;
  RetentionOptions retention;
  IngestOptions ingest;
  MetricsOptions metrics;
  M365Options m365;
  StorageOptions storage;
  LogOptions log;
  RulesOptions rules;
  std::vector<MaintenanceWindowOptions> maintenance_windows;
  std::vector<OutputOptions> outputs;
  InputsOptions inputs;
  HealthOptions health;
  ClusterOptions cluster;
};

}  // namespace vigil::config
