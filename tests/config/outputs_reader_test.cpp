// [[outputs]] as the config loader reads it: every key, the errors naming
// file:line:column and the key, the secret read from its file.
#include "config/outputs_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "config/config_loader.hpp"
#include "tests/config/config_error.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::config {
namespace {

using testing::error_of;

TEST(OutputsReader, ReadsAWebhookWithItsFilterHeadersAndSecret) {
  test::TempDir dir;
  const auto secret = dir / "hook.secret";
  std::ofstream(secret) << "s3cret\n";
  const auto c = load_config_text(R"(
[[outputs]]
name = "soc"
kind = "webhook"
url = "https://hooks.example/vigil"
template = "slack"
headers = { Authorization = "Bearer abc", "X-Tenant" = "corp" }
hmac_secret_file = ")" + secret.string() +
                                      R"("
triage_changes = true
max_attempts = 7
initial_backoff_ms = 200
max_backoff_ms = 5000
timeout_ms = 3000
[outputs.filter]
rule_ids = ["r1"]
min_severity = "high"
techniques = ["T1098"]
statuses = ["open", "acknowledged"]
)",
                                  "vigil.toml");
  ASSERT_EQ(c.outputs.size(), 1u);
  const auto& o = c.outputs[0];
  EXPECT_EQ(o.name, "soc");
  EXPECT_EQ(o.kind, "webhook");
  EXPECT_EQ(o.template_name, "slack");
  EXPECT_EQ(o.headers.at("X-Tenant"), "corp");
  EXPECT_EQ(o.hmac_secret, "s3cret");  // the file's trailing newline is no part of it
  EXPECT_TRUE(o.triage_changes);
  EXPECT_EQ(o.max_attempts, 7u);
  EXPECT_EQ(o.initial_backoff_ms, 200u);
  EXPECT_EQ(o.max_backoff_ms, 5000u);
  EXPECT_EQ(o.timeout_ms, 3000u);
  EXPECT_EQ(o.filter.rule_ids, std::vector<std::string>{"r1"});
  EXPECT_EQ(o.filter.min_severity, "high");
  EXPECT_EQ(o.filter.techniques, std::vector<std::string>{"T1098"});
  EXPECT_EQ(o.filter.statuses, (std::vector<std::string>{"open", "acknowledged"}));
}

TEST(OutputsReader, ReadsASyslogOutput) {
  const auto c = load_config_text(
      "[[outputs]]\nname = \"siem\"\nkind = \"syslog\"\naddress = \"10.0.0.5:6514\"\ntransport = \"tcp\"\n"
      "format = \"cef\"\nfacility = \"local4\"\napp_name = \"vigil-prod\"\n",
      "vigil.toml");
  ASSERT_EQ(c.outputs.size(), 1u);
  EXPECT_EQ(c.outputs[0].address, "10.0.0.5:6514");
  EXPECT_EQ(c.outputs[0].transport, "tcp");
  EXPECT_EQ(c.outputs[0].format, "cef");
  EXPECT_EQ(c.outputs[0].facility, "local4");
  EXPECT_EQ(c.outputs[0].app_name, "vigil-prod");
}

TEST(OutputsReader, MistakesNameTheOutputTheKeyAndThePosition) {
  const std::string hook = "[[outputs]]\nname = \"h\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:9/x\"\n";
  EXPECT_EQ(error_of("[[outputs]]\nkind = \"webhook\"\nurl = \"http://x/\"\n"),
            "vigil.toml:1:1: outputs[0].name: every output needs a name");
  EXPECT_EQ(error_of("[[outputs]]\nname = \"h\"\nkind = \"email\"\n"),
            "vigil.toml:3:8: outputs[0].kind: 'email' is not one of: syslog, webhook");
  EXPECT_EQ(error_of("[[outputs]]\nname = \"h\"\nkind = \"webhook\"\n"),
            "vigil.toml:1:1: outputs[0].url: a webhook output needs a url");
  EXPECT_EQ(error_of("[[outputs]]\nname = \"h\"\nkind = \"webhook\"\nurl = \"ftp://x/\"\n"),
            "vigil.toml:4:7: outputs[0].url: 'ftp://x/' is not an http:// or https:// URL");
  EXPECT_EQ(error_of(hook + "transport = \"tcp\"\n"),
            "vigil.toml:5:1: outputs[0].transport: is not a setting of a webhook output");
  EXPECT_EQ(error_of(hook + "colour = 1\n"), "vigil.toml:5:1: outputs[0].colour: unknown key");
  EXPECT_EQ(error_of(hook + "[outputs.filter]\nmin_severity = \"urgent\"\n"),
            "vigil.toml:6:16: outputs[0].filter.min_severity: 'urgent' is not one of: critical, high, low, medium");
  EXPECT_EQ(error_of(hook + "[outputs.filter]\ntechniques = [\"TA0003\"]\n"),
            "vigil.toml:6:14: outputs[0].filter.techniques: 'TA0003' is not a MITRE technique id (T1098, T1098.002)");
  EXPECT_EQ(error_of(hook + "hmac_secret_file = \"/nonexistent/secret\"\n"),
            "vigil.toml:5:20: outputs[0].hmac_secret_file: cannot read '/nonexistent/secret'");
  EXPECT_EQ(error_of(hook + "headers = { \"Bad Name\" = \"x\" }\n"),
            "vigil.toml:5:13: outputs[0].headers.Bad Name: not a valid HTTP header name, or its value holds a line "
            "break");
  EXPECT_EQ(error_of(hook + "initial_backoff_ms = 9000\nmax_backoff_ms = 1000\n"),
            "vigil.toml:1:1: outputs[0].initial_backoff_ms: must not exceed max_backoff_ms (1000)");
  EXPECT_EQ(error_of(hook + hook), "vigil.toml:6:8: outputs[1].name: 'h' names another output already");
  EXPECT_EQ(error_of("[[outputs]]\nname = \"s\"\nkind = \"syslog\"\naddress = \"siem\"\n"),
            "vigil.toml:4:11: outputs[0].address: 'siem' is not HOST:PORT");
  EXPECT_EQ(error_of("[[outputs]]\nname = \"s\"\nkind = \"syslog\"\naddress = \"siem:514\"\nfacility = \"mail2\"\n"),
            "vigil.toml:5:12: outputs[0].facility: 'mail2' is not one of: auth, authpriv, cron, daemon, ftp, kern, "
            "local0, local1, local2, local3, local4, local5, local6, local7, lpr, mail, news, syslog, user, uucp");
}

}  // namespace
}  // namespace vigil::config
