#include "config/outputs_reader.hpp"

#include <algorithm>
#include <set>

#include "config/table_reader.hpp"

namespace vigil::config {
namespace {

const std::set<std::string> kKinds = {"webhook", "syslog"};
const std::set<std::string> kSeverities = {"low", "medium", "high", "critical"};
const std::set<std::string> kStatuses = {"open", "acknowledged", "closed"};
const std::set<std::string> kFacilities = {"kern",   "user",   "mail",   "daemon",   "auth",   "syslog", "lpr",
                                           "news",   "uucp",   "cron",   "authpriv", "ftp",    "local0", "local1",
                                           "local2", "local3", "local4", "local5",   "local6", "local7"};
// Keys only one kind reads; set on the other, they would be silently ignored.
const std::set<std::string> kWebhookKeys = {"url", "template", "headers", "hmac_secret_file", "signature_header"};
const std::set<std::string> kSyslogKeys = {"address", "transport", "format", "facility", "app_name"};

// A header name is an RFC 9110 token; a value holds no line break.
bool valid_header(const std::string& name, const std::string& value) {
  const bool token = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
  return token && value.find_first_of("\r\n") == std::string::npos;
}

void read_filter(const toml::node& node, const TableReader& r, OutputFilterOptions& o) {
  const auto* table = node.as_table();
  if (!table) r.fail(node, "filter", "expected a table (rule_ids, min_severity, techniques, statuses)");
  r.each(*table, {
                     {"rule_ids", [&](const toml::node& n) { o.rule_ids = r.strings(n, "filter.rule_ids"); }},
                     {"min_severity",
                      [&](const toml::node& n) { o.min_severity = r.one_of(n, "filter.min_severity", kSeverities); }},
                     {"techniques",
                      [&](const toml::node& n) {
                        o.techniques = r.strings(n, "filter.techniques");
                        for (const auto& t : o.techniques)
                          if (t.size() < 5 || t[0] != 'T' || !std::isdigit(static_cast<unsigned char>(t[1])))
                            r.fail(n, "filter.techniques",
                                   "'" + t + "' is not a MITRE technique id (T1098, T1098.002)");
                      }},
                     {"statuses",
                      [&](const toml::node& n) {
                        const auto* array = n.as_array();
                        if (!array) r.fail(n, "filter.statuses", "expected an array of statuses");
                        for (const auto& s : *array) o.statuses.push_back(r.one_of(s, "filter.statuses", kStatuses));
                      }},
                 });
}

void read_output(const toml::table& t, const TableReader& r, OutputOptions& o) {
  std::string secret_file;
  r.each(
      t,
      {
          {"name",
           [&](const toml::node& n) {
             o.name = r.string(n, "name");
             if (!valid_name(o.name))
               r.fail(n, "name", "'" + o.name + "' must be 1-64 letters, digits, '-', '_' or '.'");
           }},
          {"kind", [&](const toml::node& n) { o.kind = r.one_of(n, "kind", kKinds); }},
          {"filter", [&](const toml::node& n) { read_filter(n, r, o.filter); }},
          {"triage_changes", [&](const toml::node& n) { o.triage_changes = r.boolean(n, "triage_changes"); }},
          {"max_attempts",
           [&](const toml::node& n) {
             o.max_attempts = static_cast<unsigned>(r.integer(n, "max_attempts", 1, 1000000));
           }},
          {"initial_backoff_ms",
           [&](const toml::node& n) {
             o.initial_backoff_ms = static_cast<unsigned>(r.integer(n, "initial_backoff_ms", 1, 3600000));
           }},
          {"max_backoff_ms",
           [&](const toml::node& n) {
             o.max_backoff_ms = static_cast<unsigned>(r.integer(n, "max_backoff_ms", 1, 24 * 3600000));
           }},
          {"timeout_ms",
           [&](const toml::node& n) { o.timeout_ms = static_cast<unsigned>(r.integer(n, "timeout_ms", 100, 600000)); }},
          {"url",
           [&](const toml::node& n) {
             o.url = r.string(n, "url");
             if (o.url.rfind("http://", 0) != 0 && o.url.rfind("https://", 0) != 0)
               r.fail(n, "url", "'" + o.url + "' is not an http:// or https:// URL");
           }},
          {"template",
           [&](const toml::node& n) {
             o.template_name = r.one_of(n, "template", {"raw", "slack", "teams"});
           }},
          {"headers",
           [&](const toml::node& n) {
             const auto* table = n.as_table();
             if (!table) r.fail(n, "headers", "expected a table of header = \"value\"");
             for (const auto& [key, value] : *table) {
               const std::string header(key.str());
               const auto text = r.string(value, "headers." + header);
               if (!valid_header(header, text))
                 r.fail_at(key.source(), "headers." + header,
                           "not a valid HTTP header name, or its value holds a line break");
               o.headers[header] = text;
             }
           }},
          {"hmac_secret_file",
           [&](const toml::node& n) {
             secret_file = r.string(n, "hmac_secret_file");
             o.hmac_secret = r.secret_file(n, "hmac_secret_file");
           }},
          {"signature_header",
           [&](const toml::node& n) {
             o.signature_header = r.string(n, "signature_header");
             if (!valid_header(o.signature_header, "")) r.fail(n, "signature_header", "not a valid HTTP header name");
           }},
          {"address",
           [&](const toml::node& n) {
             o.address = r.string(n, "address");
             const auto addr = parse_listen_address(o.address);
             if (!addr || addr->port == 0) r.fail(n, "address", "'" + o.address + "' is not HOST:PORT");
           }},
          {"transport",
           [&](const toml::node& n) {
             o.transport = r.one_of(n, "transport", {"udp", "tcp", "tls"});
           }},
          {"format",
           [&](const toml::node& n) {
             o.format = r.one_of(n, "format", {"json", "cef"});
           }},
          {"facility", [&](const toml::node& n) { o.facility = r.one_of(n, "facility", kFacilities); }},
          {"app_name",
           [&](const toml::node& n) {
             o.app_name = r.string(n, "app_name");
             // RFC 5424 APP-NAME: 1-48 printable US-ASCII characters, no space.
             if (o.app_name.empty() || o.app_name.size() > 48 ||
                 !std::all_of(o.app_name.begin(), o.app_name.end(), [](char c) { return c > ' ' && c < 0x7f; }))
               r.fail(n, "app_name", "must be 1-48 printable ASCII characters without spaces (RFC 5424)");
           }},
          {"ca_file",
           [&](const toml::node& n) {
             o.ca_file = r.string(n, "ca_file");
             std::error_code ec;
             if (!std::filesystem::is_regular_file(o.ca_file, ec))
               r.fail(n, "ca_file", "'" + o.ca_file.string() + "' is not a file");
           }},
      });
  if (o.name.empty()) r.fail(t, "name", "every output needs a name");
  if (o.kind.empty()) r.fail(t, "kind", "every output needs a kind: webhook or syslog");
  for (const auto& [key, node] : t) {
    const std::string k(key.str());
    if ((o.kind == "webhook" && kSyslogKeys.count(k)) || (o.kind == "syslog" && kWebhookKeys.count(k)))
      r.fail_at(key.source(), k, "is not a setting of a " + o.kind + " output");
  }
  if (o.kind == "webhook" && o.url.empty()) r.fail(t, "url", "a webhook output needs a url");
  if (o.kind == "syslog" && o.address.empty()) r.fail(t, "address", "a syslog output needs an address (HOST:PORT)");
  if (o.initial_backoff_ms > o.max_backoff_ms)
    r.fail(t, "initial_backoff_ms", "must not exceed max_backoff_ms (" + std::to_string(o.max_backoff_ms) + ")");
}

}  // namespace

std::vector<OutputOptions> read_outputs(const toml::node& node, const std::string& file) {
  return read_named_tables<OutputOptions>(node, file, "", "outputs", "output", read_output);
}

}  // namespace vigil::config
