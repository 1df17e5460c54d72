// rsyslog's Elasticsearch output (omelasticsearch, Debian package
// rsyslog-elasticsearch) ships a file of lines (imfile) to the real vigild in
// bulk mode. The rsyslogd instance is the test's own: its config, work
// directory and pid file live in a temp dir, its internal messages stay in
// its own (action-less) default ruleset, and it never touches the system
// rsyslog or /dev/log.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "tests/api/clients/child_process.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/test_data.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::test {
namespace {

using namespace std::chrono_literals;

// JSON-hostile on purpose: quotes, a backslash, UTF-8 and JSON-looking text
// must reach vigild as the same string.
std::string line_text(int i) {
  return "line-" + std::to_string(i) + " \"quoted\" back\\slash caf\xc3\xa9 {\"json\":[1]}";
}

// The test's own rsyslogd configuration; @DIR@ and @PORT@ are filled in below.
constexpr const char* kConfig = R"(global(workDirectory="@DIR@/work" processInternalMessages="on")
module(load="imfile")
module(load="omelasticsearch")
template(name="vigil-doc" type="list" option.jsonf="on") {
  property(outname="@timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
  property(outname="message" name="msg" format="jsonf")
  property(outname="log.file.path" name="$!metadata!filename" format="jsonf")
}
# _id "rs-line-N" from the line's first word, so the test can fetch documents back.
template(name="vigil-id" type="list") {
  constant(value="rs-")
  property(name="msg" field.delimiter="32" field.number="1")
}
ruleset(name="to-vigil") {
  action(type="omelasticsearch" server="127.0.0.1" serverport="@PORT@" searchIndex="rsyslog-test"
         bulkmode="on" template="vigil-doc" dynbulkid="on" bulkid="vigil-id"
         errorFile="@DIR@/es-errors.json")
}
input(type="imfile" File="@DIR@/input.log" Tag="vigil-test" addMetadata="on" ruleset="to-vigil")
)";

std::string rsyslog_config(const TempDir& dir, unsigned short port) {
  std::string text = kConfig;
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"@DIR@", dir.path().string()}, {"@PORT@", std::to_string(port)}})
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

TEST(RsyslogClient, ImfileLinesShippedInBulkModeAreAllStored) {
  const auto rsyslogd = find_program("rsyslogd");
  ASSERT_FALSE(rsyslogd.empty()) << "rsyslogd is not installed; " << kInstallClientsHint;

  Daemon d;
  TempDir dir;
  std::filesystem::create_directory(dir / "work");
  constexpr int kLines = 500;
  {
    std::ofstream input(dir / "input.log", std::ios::binary);
    for (int i = 0; i < kLines; ++i) input << line_text(i) << '\n';
  }
  {
    std::ofstream conf(dir / "rsyslog.conf", std::ios::binary);
    conf << rsyslog_config(dir, d.port());
  }

  // Validate first: a missing omelasticsearch module shows up here, clearly.
  ChildProcess check({rsyslogd.string(), "-N1", "-f", (dir / "rsyslog.conf").string()}, dir / "check.log");
  const auto checked = check.wait_for(30s);
  ASSERT_TRUE(checked) << "rsyslogd -N1 did not finish in 30 s";
  ASSERT_EQ(*checked, 0) << "rsyslogd rejected the config (is rsyslog-elasticsearch installed? " << kInstallClientsHint
                         << "):\n"
                         << check.output();

  ChildProcess rs(
      {rsyslogd.string(), "-n", "-f", (dir / "rsyslog.conf").string(), "-i", (dir / "rsyslogd.pid").string()},
      dir / "rsyslogd.log");
  auto& c = d.client();
  int stored = -1;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline && rs.running()) {
    stored = c.get("/rsyslog-test/_count").json()["count"].get<int>();
    if (stored >= kLines) break;
    std::this_thread::sleep_for(50ms);
  }
  const bool was_running = rs.running();
  const int exit_code = rs.stop(10s);
  const auto diagnostics = [&] {
    std::string errors;
    if (std::filesystem::exists(dir / "es-errors.json")) errors = read_file(dir / "es-errors.json");
    return "rsyslogd output:\n" + rs.output() + "\nomelasticsearch errorFile:\n" + errors + "\nvigild log:\n" + d.log();
  };
  ASSERT_TRUE(was_running) << "rsyslogd exited early (code " << exit_code << ")\n" << diagnostics();
  EXPECT_EQ(exit_code, 0) << "rsyslogd did not shut down cleanly on SIGTERM\n" << diagnostics();
  ASSERT_EQ(c.get("/rsyslog-test/_count").json()["count"], kLines) << "lines stored after 30 s: " << stored << "\n"
                                                                   << diagnostics();

  for (const int i : {0, kLines / 2, kLines - 1}) {
    const auto doc = c.get("/rsyslog-test/_doc/rs-line-" + std::to_string(i));
    ASSERT_EQ(doc.status, 200) << doc.body << "\n" << diagnostics();
    const auto source = doc.json()["_source"];
    EXPECT_EQ(source["message"], line_text(i));
    EXPECT_EQ(source["log.file.path"], (dir / "input.log").string());
    EXPECT_TRUE(source.contains("@timestamp")) << source.dump();
  }
}

}  // namespace
}  // namespace vigil::test
