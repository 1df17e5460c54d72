#include "config/config_loader.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "config/kafka_inputs_reader.hpp"
#include "config/outputs_reader.hpp"
#include "config/table_reader.hpp"

namespace vigil::config {
namespace {

const std::set<std::string> kLogLevels = {"trace", "debug", "info", "warn", "error", "critical", "off"};

void read_server(const toml::table& t, const std::string& file, ServerOptions& o) {
  TableReader r(file, "server.");
  r.each(t, {
      {"listen", [&](const toml::node& n) {
         const auto text = r.string(n, "listen");
         const auto addr = parse_listen_address(text);
         if (!addr) r.fail(n, "listen", "'" + text + "' is not HOST:PORT");
         o.listen = *addr;
       }},
      {"threads", [&](const toml::node& n) { o.threads = static_cast<unsigned>(r.integer(n, "threads", 0, 256)); }},
      {"ingest_nice", [&](const toml::node& n) { o.ingest_nice = static_cast<int>(r.integer(n, "ingest_nice", 0, 19)); }},
      {"ingest_heap_warmup", [&](const toml::node& n) { o.ingest_heap_warmup = r.integer(n, "ingest_heap_warmup", 0, std::uint64_t{1} << 30); }},
      {"header_limit", [&](const toml::node& n) { o.header_limit = r.integer(n, "header_limit", 1024, 1 << 20); }},
      {"body_limit", [&](const toml::node& n) { o.body_limit = r.integer(n, "body_limit", 1024, std::uint64_t{4} << 30); }},
      {"read_timeout_seconds", [&](const toml::node& n) { o.read_timeout_seconds = static_cast<unsigned>(r.integer(n, "read_timeout_seconds", 1, 3600)); }},
      {"shutdown_timeout_seconds", [&](const toml::node& n) { o.shutdown_timeout_seconds = static_cast<unsigned>(r.integer(n, "shutdown_timeout_seconds", 0, 3600)); }},
      {"max_response_bytes", [&](const toml::node& n) { o.max_response_bytes = r.integer(n, "max_response_bytes", 2 << 20, std::uint64_t{1} << 32); }},
      {"max_pending_writes", [&](const toml::node& n) { o.max_pending_writes = static_cast<unsigned>(r.integer(n, "max_pending_writes", 1, 1024)); }},
      {"request_memory_limit", [&](const toml::node& n) { o.request_memory_limit = r.integer(n, "request_memory_limit", 1 << 20, std::uint64_t{1} << 40); }},
      {"elasticsearch_version", [&](const toml::node& n) { o.elasticsearch_version = r.string(n, "elasticsearch_version"); }},
      {"max_unauthenticated_connections", [&](const toml::node& n) { o.max_unauthenticated_connections = r.integer(n, "max_unauthenticated_connections", 1, 1 << 20); }},
      {"allowed_hosts", [&](const toml::node& n) { o.allowed_hosts = r.strings(n, "allowed_hosts"); }},
  });
}

void read_storage(const toml::table& t, const std::string& file, StorageOptions& o) {
  TableReader r(file, "storage.");
  r.each(t, {
      {"data_dir", [&](const toml::node& n) { o.data_dir = r.string(n, "data_dir"); }},
      {"database_file", [&](const toml::node& n) {
         o.database_file = r.string(n, "database_file");
         if (o.database_file.empty() || o.database_file.find('/') != std::string::npos)
           r.fail(n, "database_file", "must be a plain file name inside data_dir");
       }},
      {"synchronous", [&](const toml::node& n) { o.synchronous = r.one_of(n, "synchronous", {"normal", "full"}); }},
      {"busy_timeout_ms", [&](const toml::node& n) { o.busy_timeout_ms = static_cast<unsigned>(r.integer(n, "busy_timeout_ms", 0, 600000)); }},
      {"query_timeout_ms", [&](const toml::node& n) { o.query_timeout_ms = static_cast<unsigned>(r.integer(n, "query_timeout_ms", 0, 3600000)); }},
      {"backend", [&](const toml::node& n) { o.backend = r.one_of(n, "backend", {"sqlite", "postgresql"}); }},
      {"url", [&](const toml::node& n) { o.url = r.string(n, "url"); }},
      {"password_file", [&](const toml::node& n) { o.password = r.secret_file(n, "password_file"); }},
      {"pool_size", [&](const toml::node& n) { o.pool_size = static_cast<unsigned>(r.integer(n, "pool_size", 2, 256)); }},
  });
  // A connection setting without the backend that reads it is a mistake
  // that would otherwise leave vigild on SQLite unnoticed.
  const bool postgresql = o.backend == "postgresql";
  for (const char* key : {"url", "password_file", "pool_size"})
    if (const auto* n = t.get(key); n && !postgresql)
      r.fail(*n, key, "is read only with backend = \"postgresql\"");
  if (postgresql && o.url.empty())
    r.fail_at(t.source(), "url", "backend = \"postgresql\" needs the database's connection string");
}

void read_retention(const toml::table& t, const std::string& file, RetentionOptions& o) {
  TableReader r(file, "retention.");
  r.each(t, {
      {"events_days", [&](const toml::node& n) { o.events_days = static_cast<unsigned>(r.integer(n, "events_days", 1, 100 * 365)); }},
      {"basis", [&](const toml::node& n) { o.basis = r.one_of(n, "basis", {"ingested", "timestamp"}); }},
      {"alerts_days", [&](const toml::node& n) { o.alerts_days = static_cast<unsigned>(r.integer(n, "alerts_days", 1, 100 * 365)); }},
      {"interval_seconds", [&](const toml::node& n) { o.interval_seconds = static_cast<unsigned>(r.integer(n, "interval_seconds", 1, 24 * 3600)); }},
      {"batch_size", [&](const toml::node& n) { o.batch_size = static_cast<unsigned>(r.integer(n, "batch_size", 1, 100000)); }},
  });
}

void read_log(const toml::table& t, const std::string& file, LogOptions& o) {
  TableReader r(file, "log.");
  r.each(t, {
      {"level", [&](const toml::node& n) { o.level = r.one_of(n, "level", kLogLevels); }},
      {"format", [&](const toml::node& n) { o.format = r.one_of(n, "format", {"text", "json"}); }},
  });
}

void read_rules(const toml::table& t, const std::string& file, RulesOptions& o) {
  TableReader r(file, "rules.");
  r.each(t, {
      {"dirs", [&](const toml::node& n) {
         o.dirs.clear();
         for (auto& d : r.strings(n, "dirs")) o.dirs.emplace_back(d);
       }},
      {"disabled", [&](const toml::node& n) { o.disabled = r.strings(n, "disabled"); }},
      {"overrides", [&](const toml::node& n) {
         const auto* table = n.as_table();
         if (!table) r.fail(n, "overrides", "expected a table of [rules.overrides.\"<rule_id>\"] tables");
         for (const auto& [id, settings] : *table) {
           if (!settings.is_table())
             r.fail_at(id.source(), "overrides." + std::string(id.str()), "expected a table of settings");
           std::ostringstream json;
           json << toml::json_formatter{*settings.as_table()};
           o.overrides[std::string(id.str())] = nlohmann::json::parse(json.str());
         }
       }},
      {"max_catchup_minutes", [&](const toml::node& n) { o.max_catchup_minutes = static_cast<unsigned>(r.integer(n, "max_catchup_minutes", 0, 30 * 24 * 60)); }},
  });
}

const std::set<std::string> kRoles = {"ingest", "read", "write", "admin"};

// Names travel as NAME:KEY in Authorization headers and appear in logs.
bool valid_key_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c < 0x7f && c != ':'; });
}

// SHA-256 of zero bytes: such a key is the empty secret, which any client
// sends by accident ("Bearer ", "NAME:") and no generator makes.
constexpr const char* kEmptySecretSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

bool valid_sha256_hex(const std::string& digest) {
  return digest.size() == 64 &&
         std::all_of(digest.begin(), digest.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

void read_api_key(const toml::table& t, const TableReader& r, ApiKeyOptions& o) {
  r.each(t, {
      {"name", [&](const toml::node& n) {
         o.name = r.string(n, "name");
         if (!valid_key_name(o.name))
           r.fail(n, "name", "'" + o.name + "' must be printable ASCII without spaces or ':'");
       }},
      {"roles", [&](const toml::node& n) {
         const auto* array = n.as_array();
         if (!array) r.fail(n, "roles", "expected an array of roles (ingest, read, write, admin)");
         for (const auto& element : *array) o.roles.push_back(r.one_of(element, "roles", kRoles));
       }},
      {"sha256", [&](const toml::node& n) {
         o.sha256 = r.string(n, "sha256");
         if (!valid_sha256_hex(o.sha256))
           r.fail(n, "sha256", "must be the key's SHA-256 as 64 lowercase hex digits (vigild keys generate prints it)");
         if (o.sha256 == kEmptySecretSha256)
           r.fail(n, "sha256", "is the SHA-256 of the empty string: an empty key would authenticate; make a key with "
                               "vigild keys generate");
       }},
  });
  if (o.name.empty()) r.fail(t, "name", "every API key needs a name");
  if (o.roles.empty()) r.fail(t, "roles", "every API key needs at least one of: admin, ingest, read, write");
  if (o.sha256.empty()) r.fail(t, "sha256", "every API key needs the SHA-256 of its secret");
}

void read_auth(const toml::table& t, const std::string& file, AuthOptions& o) {
  TableReader r(file, "auth.");
  r.each(t, {
      {"api_keys", [&](const toml::node& n) {
         const auto* array = n.as_array();
         if (!array || !array->is_array_of_tables()) r.fail(n, "api_keys", "expected [[auth.api_keys]] tables");
         o.api_keys.clear();
         for (const auto& element : *array) {
           const auto& table = *element.as_table();
           const TableReader key_reader(file, "auth.api_keys[" + std::to_string(o.api_keys.size()) + "].");
           ApiKeyOptions key;
           read_api_key(table, key_reader, key);
           for (const auto& earlier : o.api_keys) {
             if (earlier.name == key.name)
               key_reader.fail(*table.get("name"), "name", "'" + key.name + "' names another key already");
             // One secret would authenticate as whichever key is compared first.
             if (earlier.sha256 == key.sha256)
               key_reader.fail(*table.get("sha256"), "sha256",
                               "key '" + key.name + "' has the same digest as key '" + earlier.name +
                                   "': each key needs its own secret (vigild keys generate)");
           }
           o.api_keys.push_back(std::move(key));
         }
       }},
  });
}

void read_tls(const toml::table& t, const std::string& file, TlsOptions& o) {
  TableReader r(file, "tls.");
  const auto existing_file = [&](const toml::node& n, const std::string& key) {
    const std::filesystem::path path = r.string(n, key);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) r.fail(n, key, "'" + path.string() + "' is not a file");
    return path;
  };
  r.each(t, {
      {"cert_file", [&](const toml::node& n) { o.cert_file = existing_file(n, "cert_file"); }},
      {"key_file", [&](const toml::node& n) { o.key_file = existing_file(n, "key_file"); }},
      {"client_ca_file", [&](const toml::node& n) { o.client_ca_file = existing_file(n, "client_ca_file"); }},
  });
  if (o.cert_file.empty() != o.key_file.empty())
    r.fail(t, o.cert_file.empty() ? "cert_file" : "key_file", "HTTPS needs both cert_file and key_file");
  if (!o.client_ca_file.empty() && o.cert_file.empty())
    r.fail(t, "client_ca_file", "client certificates need HTTPS: set cert_file and key_file too");
}

void read_ingest(const toml::table& t, const std::string& file, IngestOptions& o) {
  TableReader r(file, "ingest.");
  r.each(t, {
      {"overwrite_indices", [&](const toml::node& n) {
         o.overwrite_indices = r.strings(n, "overwrite_indices");
         for (const auto& p : o.overwrite_indices)
           if (p.empty()) r.fail(n, "overwrite_indices", "an index pattern must not be empty");
       }},
      {"max_items_per_request", [&](const toml::node& n) { o.max_items_per_request = r.integer(n, "max_items_per_request", 1, 10000000); }},
  });
}

void read_metrics(const toml::table& t, const std::string& file, MetricsOptions& o) {
  TableReader r(file, "metrics.");
  r.each(t, {
      {"open_on_loopback", [&](const toml::node& n) { o.open_on_loopback = r.boolean(n, "open_on_loopback"); }},
  });
}

void read_hunt(const toml::table& t, const std::string& file, HuntOptions& o) {
  TableReader r(file, "hunt.");
  r.each(t, {
      {"timeout_ms", [&](const toml::node& n) { o.timeout_ms = static_cast<unsigned>(r.integer(n, "timeout_ms", 1, 3600000)); }},
      {"max_rows", [&](const toml::node& n) { o.max_rows = static_cast<unsigned>(r.integer(n, "max_rows", 1, 10000000)); }},
      {"memory_mb", [&](const toml::node& n) { o.memory_mb = static_cast<unsigned>(r.integer(n, "memory_mb", 1, 65536)); }},
      {"graph_timespan_days", [&](const toml::node& n) { o.graph_timespan_days = static_cast<unsigned>(r.integer(n, "graph_timespan_days", 1, 3650)); }},
  });
}

void read_m365(const toml::table& t, const std::string& file, M365Options& o) {
  TableReader r(file, "m365.");
  r.each(t, {
      {"accepted_domains", [&](const toml::node& n) {
         o.accepted_domains = r.strings(n, "accepted_domains");
         for (const auto& d : o.accepted_domains)
           if (d.empty() || d.find_first_of("@ \t/") != std::string::npos || d.front() == '.' || d.back() == '.')
             r.fail(n, "accepted_domains", "'" + d + "' is not a domain name (write contoso.com, not an address)");
       }},
  });
}

bool valid_clock_time(const std::string& t) {
  return t.size() == 5 && std::isdigit(static_cast<unsigned char>(t[0])) && std::isdigit(static_cast<unsigned char>(t[1])) &&
         t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[3])) && std::isdigit(static_cast<unsigned char>(t[4])) &&
         std::stoi(t.substr(0, 2)) < 24 && std::stoi(t.substr(3)) < 60;
}

void read_maintenance_window(const toml::table& t, const std::string& file, std::size_t index,
                             MaintenanceWindowOptions& o) {
  TableReader r(file, "maintenance_windows[" + std::to_string(index) + "].");
  r.each(t, {
      {"name", [&](const toml::node& n) { o.name = r.string(n, "name"); }},
      {"start", [&](const toml::node& n) { o.start = r.string(n, "start"); }},
      {"end", [&](const toml::node& n) { o.end = r.string(n, "end"); }},
      {"weekdays", [&](const toml::node& n) {
         static const std::set<std::string> kDays = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
         o.weekdays = r.strings(n, "weekdays");
         for (const auto& d : o.weekdays)
           if (!kDays.count(d)) r.fail(n, "weekdays", "'" + d + "' is not one of: sun, mon, tue, wed, thu, fri, sat");
       }},
      {"start_time", [&](const toml::node& n) {
         o.start_time = r.string(n, "start_time");
         if (!valid_clock_time(o.start_time)) r.fail(n, "start_time", "'" + o.start_time + "' is not HH:MM (UTC)");
       }},
      {"duration_minutes", [&](const toml::node& n) { o.duration_minutes = static_cast<unsigned>(r.integer(n, "duration_minutes", 1, 7 * 24 * 60)); }},
      {"rule_ids", [&](const toml::node& n) { o.rule_ids = r.strings(n, "rule_ids"); }},
  });
  if (o.name.empty()) r.fail(t, "name", "every maintenance window needs a name");
  if (!o.weekdays.empty() && o.duration_minutes == 0)
    r.fail(t, "duration_minutes", "a weekly window needs duration_minutes");
}

void read_health(const toml::table& t, const std::string& file, HealthOptions& o) {
  TableReader r(file, "health.");
  r.each(t, {
      {"enabled", [&](const toml::node& n) { o.enabled = r.boolean(n, "enabled"); }},
      {"ingest_refused_minutes", [&](const toml::node& n) { o.ingest_refused_minutes = static_cast<unsigned>(r.integer(n, "ingest_refused_minutes", 1, 7 * 24 * 60)); }},
      {"interval_seconds", [&](const toml::node& n) { o.interval_seconds = static_cast<unsigned>(r.integer(n, "interval_seconds", 1, 3600)); }},
      {"disk_limit_mb", [&](const toml::node& n) { o.disk_limit_mb = r.integer(n, "disk_limit_mb", 0, std::uint64_t{1} << 40); }},
      {"silent_sources", [&](const toml::node& n) {
         const auto* array = n.as_array();
         if (!array || !array->is_array_of_tables()) r.fail(n, "silent_sources", "expected [[health.silent_sources]] tables");
         o.silent_sources.clear();
         for (const auto& element : *array) {
           const TableReader source_reader(file, "health.silent_sources[" + std::to_string(o.silent_sources.size()) + "].");
           SilentSourceOptions source;
           source_reader.each(*element.as_table(), {
               {"pattern", [&](const toml::node& v) { source.pattern = source_reader.string(v, "pattern"); }},
               {"after_minutes", [&](const toml::node& v) { source.after_minutes = static_cast<unsigned>(source_reader.integer(v, "after_minutes", 1, 30 * 24 * 60)); }},
               {"per_host", [&](const toml::node& v) { source.per_host = source_reader.boolean(v, "per_host"); }},
           });
           if (source.pattern.empty()) source_reader.fail(element, "pattern", "every silent source needs an index pattern");
           o.silent_sources.push_back(std::move(source));
         }
       }},
  });
}

void read_cluster(const toml::table& t, const std::string& file, ClusterOptions& o) {
  TableReader r(file, "cluster.");
  r.each(t, {
      {"node_id", [&](const toml::node& n) {
         o.node_id = r.string(n, "node_id");
         if (o.node_id.empty() || o.node_id.size() > 200) r.fail(n, "node_id", "must be 1 to 200 characters");
       }},
      {"lease_ttl_ms", [&](const toml::node& n) { o.lease_ttl_ms = static_cast<unsigned>(r.integer(n, "lease_ttl_ms", 200, 3600000)); }},
      {"heartbeat_interval_ms", [&](const toml::node& n) { o.heartbeat_interval_ms = static_cast<unsigned>(r.integer(n, "heartbeat_interval_ms", 50, 600000)); }},
      {"node_timeout_ms", [&](const toml::node& n) { o.node_timeout_ms = static_cast<unsigned>(r.integer(n, "node_timeout_ms", 100, 3600000)); }},
  });
  // Leases are renewed with the heartbeat: one renewal may come late without losing them.
  if (2 * std::uint64_t{o.heartbeat_interval_ms} > o.lease_ttl_ms)
    r.fail_at(t.source(), "heartbeat_interval_ms",
              "must be at most half of lease_ttl_ms (" + std::to_string(o.lease_ttl_ms) +
                  "), so that leases are renewed before they expire");
}

}  // namespace

Config load_config_text(std::string_view text, const std::string& name, Config base) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    std::ostringstream out;
    out << name << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
    throw ConfigError(out.str());
  }
  TableReader top(name, "");
  using Section = void (*)(const toml::table&, const std::string&, Config&);
  const std::map<std::string, Section> sections = {
      {"server", [](const toml::table& t, const std::string& f, Config& c) { read_server(t, f, c.server); }},
      {"storage", [](const toml::table& t, const std::string& f, Config& c) { read_storage(t, f, c.storage); }},
      {"retention", [](const toml::table& t, const std::string& f, Config& c) { read_retention(t, f, c.retention); }},
      {"log", [](const toml::table& t, const std::string& f, Config& c) { read_log(t, f, c.log); }},
      {"rules", [](const toml::table& t, const std::string& f, Config& c) { read_rules(t, f, c.rules); }},
      {"auth", [](const toml::table& t, const std::string& f, Config& c) { read_auth(t, f, c.auth); }},
      {"tls", [](const toml::table& t, const std::string& f, Config& c) { read_tls(t, f, c.tls); }},
      {"ingest", [](const toml::table& t, const std::string& f, Config& c) { read_ingest(t, f, c.ingest); }},
      {"metrics", [](const toml::table& t, const std::string& f, Config& c) { read_metrics(t, f, c.metrics); }},
      {"hunt", [](const toml::table& t, const std::string& f, Config& c) { read_hunt(t, f, c.hunt); }},
      {"m365", [](const toml::table& t, const std::string& f, Config& c) { read_m365(t, f, c.m365); }},
      {"health", [](const toml::table& t, const std::string& f, Config& c) { read_health(t, f, c.health); }},
      {"cluster", [](const toml::table& t, const std::string& f, Config& c) { read_cluster(t, f, c.cluster); }},
  };
  for (const auto& [key, node] : root) {
    const std::string section(key.str());
    if (section == "outputs") {
      base.outputs = read_outputs(node, name);
      continue;
    }
    if (section == "inputs") {
      const auto* table = node.as_table();
      if (!table) top.fail(node, section, "expected a table ([[inputs.kafka]])");
      for (const auto& [kind, inputs] : *table) {
        if (kind.str() != "kafka") top.fail_at(kind.source(), "inputs." + std::string(kind.str()), "unknown input kind");
        base.inputs.kafka = read_kafka_inputs(inputs, name);
      }
      continue;
    }
    if (section == "maintenance_windows") {
      const auto* array = node.as_array();
      if (!array || !array->is_array_of_tables()) top.fail(node, section, "expected [[maintenance_windows]] tables");
      base.maintenance_windows.clear();
      for (const auto& element : *array) {
        base.maintenance_windows.emplace_back();
        read_maintenance_window(*element.as_table(), name, base.maintenance_windows.size() - 1,
                                base.maintenance_windows.back());
      }
      continue;
    }
    const auto it = sections.find(section);
    if (it == sections.end()) top.fail_at(key.source(), section, "unknown section");
    const auto* table = node.as_table();
    if (!table) top.fail(node, section, "expected a table");
    it->second(*table, name, base);
  }
  validate(base);
  return base;
}

Config load_config_file(const std::filesystem::path& path, Config base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path.string() + ": cannot read the configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_config_text(text.str(), path.string(), std::move(base));
}

void apply_environment(Config& config, const std::function<const char*(const char*)>& getenv) {
  if (const char* listen = getenv("VIGIL_LISTEN"); listen && *listen) {
    const auto addr = parse_listen_address(listen);
    if (!addr) throw ConfigError(std::string("VIGIL_LISTEN: '") + listen + "' is not HOST:PORT");
    config.server.listen = *addr;
  }
  if (const char* dir = getenv("VIGIL_DATA_DIR"); dir && *dir) config.storage.data_dir = dir;
  if (const char* backend = getenv("VIGIL_STORAGE_BACKEND"); backend && *backend) {
    if (std::string_view(backend) != "sqlite" && std::string_view(backend) != "postgresql")
      throw ConfigError(std::string("VIGIL_STORAGE_BACKEND: '") + backend + "' is not one of: sqlite, postgresql");
    config.storage.backend = backend;
  }
  // As in the file, a connection string without the backend that reads it
  // would leave vigild on SQLite unnoticed. The string itself is not quoted
  // back: an operator may have put a password in it despite the rule.
  if (const char* url = getenv("VIGIL_STORAGE_URL"); url && *url) {
    if (config.storage.backend != "postgresql")
      throw ConfigError(
          "VIGIL_STORAGE_URL: is read only with backend \"postgresql\" (storage.backend or VIGIL_STORAGE_BACKEND)");
    config.storage.url = url;
  }
  if (config.storage.backend == "postgresql" && config.storage.url.empty())
    throw ConfigError(
        "VIGIL_STORAGE_BACKEND: \"postgresql\" needs the database's connection string (VIGIL_STORAGE_URL or "
        "storage.url)");
}

void validate(const Config& config) {
  if (config.server.header_limit >= config.server.body_limit)
    throw ConfigError("server.header_limit must be smaller than server.body_limit");
  if (config.server.request_memory_limit < config.server.body_limit)
    throw ConfigError("server.request_memory_limit must be at least server.body_limit");
}

}  // namespace vigil::config
