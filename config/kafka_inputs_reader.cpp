#include "config/kafka_inputs_reader.hpp"

#include <set>

#include "config/table_reader.hpp"

namespace vigil::config {
namespace {

// librdkafka settings Vigil derives from named options or needs as they
// are: committing offsets only after the store commit depends on the last two.
const std::set<std::string> kManagedSettings = {
    "bootstrap.servers", "metadata.broker.list", "group.id",           "auto.offset.reset",
    "security.protocol", "sasl.mechanism",       "sasl.mechanisms",    "sasl.username",
    "sasl.password",     "ssl.ca.location",      "enable.auto.commit", "enable.auto.offset.store"};

std::string setting_text(const TableReader& r, const toml::node& n, const std::string& key) {
  if (const auto* i = n.as_integer()) return std::to_string(i->get());
  if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
  return r.string(n, key);
}

void read_input(const toml::table& t, const TableReader& r, KafkaInputOptions& o) {
  bool password_set = false;
  r.each(t, {
                {"name",
                 [&](const toml::node& n) {
                   o.name = r.string(n, "name");
                   if (!valid_name(o.name))
                     r.fail(n, "name", "'" + o.name + "' must be 1-64 letters, digits, '-', '_' or '.'");
                 }},
                {"brokers",
                 [&](const toml::node& n) {
                   o.brokers = r.strings(n, "brokers");
                   for (const auto& b : o.brokers) {
                     const auto address = parse_listen_address(b);
                     if (!address || address->port == 0) r.fail(n, "brokers", "'" + b + "' is not HOST:PORT");
                   }
                 }},
                {"topics",
                 [&](const toml::node& n) {
                   o.topics = r.strings(n, "topics");
                   for (const auto& topic : o.topics)
                     if (topic.empty() || topic == "^") r.fail(n, "topics", "a topic name or pattern is empty");
                 }},
                {"group_id",
                 [&](const toml::node& n) {
                   o.group_id = r.string(n, "group_id");
                   if (o.group_id.empty()) r.fail(n, "group_id", "must not be empty");
                 }},
                {"format", [&](const toml::node& n) { o.format = r.one_of(n, "format", {"auto", "beats", "defender", "ecs"}); }},
                {"index", [&](const toml::node& n) { o.index = r.string(n, "index"); }},
                {"start_offset",
                 [&](const toml::node& n) { o.start_offset = r.one_of(n, "start_offset", {"earliest", "latest"}); }},
                {"epoch", [&](const toml::node& n) { o.epoch = r.integer(n, "epoch", 0, 1000000000); }},
                {"security",
                 [&](const toml::node& n) { o.security = r.one_of(n, "security", {"plaintext", "ssl", "sasl_ssl"}); }},
                {"sasl_mechanism",
                 [&](const toml::node& n) {
                   o.sasl_mechanism = r.one_of(n, "sasl_mechanism", {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"});
                 }},
                {"sasl_username", [&](const toml::node& n) { o.sasl_username = r.string(n, "sasl_username"); }},
                {"sasl_password",
                 [&](const toml::node& n) {
                   if (password_set) r.fail(n, "sasl_password", "set sasl_password or sasl_password_file, not both");
                   o.sasl_password = r.string(n, "sasl_password");
                   password_set = true;
                 }},
                {"sasl_password_file",
                 [&](const toml::node& n) {
                   if (password_set)
                     r.fail(n, "sasl_password_file", "set sasl_password or sasl_password_file, not both");
                   o.sasl_password = r.secret_file(n, "sasl_password_file");
                   password_set = true;
                 }},
                {"ca_file",
                 [&](const toml::node& n) {
                   o.ca_file = r.string(n, "ca_file");
                   std::error_code ec;
                   if (!std::filesystem::is_regular_file(o.ca_file, ec))
                     r.fail(n, "ca_file", "'" + o.ca_file.string() + "' is not a file");
                 }},
                {"max_batch_messages",
                 [&](const toml::node& n) { o.max_batch_messages = r.integer(n, "max_batch_messages", 1, 100000); }},
                {"batch_wait_ms",
                 [&](const toml::node& n) {
                   o.batch_wait_ms = static_cast<unsigned>(r.integer(n, "batch_wait_ms", 1, 60000));
                 }},
                {"decode_threads",
                 [&](const toml::node& n) {
                   o.decode_threads = static_cast<unsigned>(r.integer(n, "decode_threads", 0, 256));
                 }},
                {"initial_backoff_ms",
                 [&](const toml::node& n) {
                   o.initial_backoff_ms = static_cast<unsigned>(r.integer(n, "initial_backoff_ms", 1, 3600000));
                 }},
                {"max_backoff_ms",
                 [&](const toml::node& n) {
                   o.max_backoff_ms = static_cast<unsigned>(r.integer(n, "max_backoff_ms", 1, 3600000));
                 }},
                {"librdkafka",
                 [&](const toml::node& n) {
                   const auto* table = n.as_table();
                   if (!table) r.fail(n, "librdkafka", "expected a table of \"setting\" = value");
                   for (const auto& [key, value] : *table) {
                     const std::string setting(key.str());
                     if (kManagedSettings.count(setting))
                       r.fail_at(key.source(), "librdkafka." + setting,
                                 "is set by Vigil; use the input's own option instead");
                     o.librdkafka[setting] = setting_text(r, value, "librdkafka." + setting);
                   }
                 }},
            });
  if (o.name.empty()) r.fail(t, "name", "every Kafka input needs a name");
  if (o.brokers.empty()) r.fail(t, "brokers", "a Kafka input needs brokers (HOST:PORT)");
  if (o.topics.empty()) r.fail(t, "topics", "a Kafka input needs topics (names or ^patterns)");
  const bool sasl = o.security == "sasl_ssl";
  if (sasl && (o.sasl_username.empty() || !password_set))
    r.fail(t, "security", "sasl_ssl needs sasl_username and sasl_password or sasl_password_file");
  if (!sasl)
    for (const auto* key : {"sasl_mechanism", "sasl_username", "sasl_password", "sasl_password_file"})
      if (const auto* n = t.get(key)) r.fail(*n, key, "is a setting of security = \"sasl_ssl\" only");
  if (o.security == "plaintext" && !o.ca_file.empty())
    r.fail(*t.get("ca_file"), "ca_file", "is a setting of security = \"ssl\" or \"sasl_ssl\" only");
  if (o.initial_backoff_ms > o.max_backoff_ms)
    r.fail(t, "initial_backoff_ms", "must not exceed max_backoff_ms (" + std::to_string(o.max_backoff_ms) + ")");
}

}  // namespace

std::vector<KafkaInputOptions> read_kafka_inputs(const toml::node& node, const std::string& file) {
  return read_named_tables<KafkaInputOptions>(node, file, "inputs.", "kafka", "Kafka input", read_input);
}

}  // namespace vigil::config
