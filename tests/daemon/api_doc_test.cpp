// docs/API.md runs as written: every `sh` block of the page, in order, in
// one bash with curl and jq, against the real vigild on an ephemeral port
// with an API key and some alerts. The doc's set-up block (VIGIL, KEY,
// auth) is replaced by the daemon's address and key. Each request must
// succeed (2xx), and where the doc shows the answer as JSON after a block,
// the block's answer must have the same top-level keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "engine/detect/sha256.hpp"
#include "tests/api/clients/child_process.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/sysmon_bulk.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::test {
namespace {

constexpr const char* kKey = "doc-test-secret-0123456789";
constexpr const char* kMarker = "@@vigil-doc-block ";

// A fenced block of the page: its language, text and first line.
struct Block {
  std::string language;
  std::string text;
  int line = 0;
};

std::vector<Block> fenced_blocks(const std::string& markdown) {
  std::vector<Block> blocks;
  std::istringstream in(markdown);
  std::string line;
  std::optional<Block> open;
  for (int n = 1; std::getline(in, line); ++n) {
    const auto fence = line.find("```");
    if (fence == std::string::npos || line.find_first_not_of(' ') != fence) {
      if (open) open->text += line + "\n";
      continue;
    }
    if (open) {
      blocks.push_back(std::move(*open));
      open.reset();
    } else {
      open = Block{line.substr(fence + 3), "", n + 1};
    }
  }
  return blocks;
}

// A `sh` block to run, and the JSON answer the doc shows after it (the next
// block, if it is valid JSON and comes before the next `sh` block).
struct Example {
  Block sh;
  std::optional<nlohmann::json> answer;
};

std::vector<Example> examples(const std::vector<Block>& blocks) {
  std::vector<Example> out;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].language != "sh") continue;
    Example example{blocks[i], std::nullopt};
    if (i + 1 < blocks.size() && blocks[i + 1].language == "json") {
      auto shown = nlohmann::json::parse(blocks[i + 1].text, nullptr, /*allow_exceptions=*/false);
      if (!shown.is_discarded()) example.answer = std::move(shown);
    }
    out.push_back(std::move(example));
  }
  return out;
}

// The text each block printed, split at the markers the script prints.
std::vector<std::string> outputs_by_block(const std::string& text, std::size_t blocks) {
  std::vector<std::string> out(blocks);
  std::size_t current = blocks;  // before the first marker: nothing
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (const auto at = line.find(kMarker); at != std::string::npos) {
      current = std::stoul(line.substr(at + std::string(kMarker).size()));
      continue;
    }
    if (current < blocks) out[current] += line + "\n";
  }
  return out;
}

TEST(ApiDoc, EveryExampleRunsAsWrittenAgainstALiveDaemon) {
  for (const auto* program : {"bash", "curl", "jq"}) {
    ASSERT_FALSE(find_program(program).empty()) << program << " is needed to run docs/API.md's examples";
  }
  TempDir dir;
  const auto config = dir / "vigil.toml";
  std::ofstream(config) << "[[auth.api_keys]]\nname = \"doc-test\"\nroles = [\"admin\"]\nsha256 = \""
                        << engine::detect::sha256_hex(kKey) << "\"\n";
  Daemon d({"--config", config.string()});

  // Some alerts to triage: the seed rule's Set-CASMailbox, ingested now and run now.
  const auto bearer = std::string("Bearer ") + kKey;
  SysmonStart event{"doc-1", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                    "powershell.exe -Command \"Set-CASMailbox -Identity bob -ActiveSyncAllowedDeviceIDs @{Add='ID1'}\""};
  const auto bulk = d.client().request("POST", "/_bulk", sysmon_bulk_lines(event),
                                       {{"Authorization", bearer}, {"Content-Type", "application/x-ndjson"}});
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  const auto run = d.client().request("POST", "/api/v1/rules/ce64d965-6cb0-466d-b74f-8d2c76f47f05/_run", "{}",
                                      {{"Authorization", bearer}, {"Content-Type", "application/json"}});
  ASSERT_EQ(run.status, 200) << run.body;
  // This run or the start-up pass (which may run after the event arrived) raised it.
  const auto alerts = d.client().request("GET", "/api/v1/alerts", "", {{"Authorization", bearer}});
  ASSERT_EQ(alerts.json()["total"], 1) << run.body << alerts.body;
  // The file the doc's _bulk example sends.
  event.id = "doc-2";
  std::ofstream(dir / "events.ndjson") << sysmon_bulk_lines(event);

  const auto page = read_file(source_dir() / "docs" / "API.md");
  const auto all = examples(fenced_blocks(page));
  ASSERT_GE(all.size(), 14u);
  ASSERT_NE(all[0].sh.text.find("export VIGIL="), std::string::npos) << "the first sh block sets up VIGIL and KEY";
  ASSERT_NE(all[0].sh.text.find("auth=("), std::string::npos);

  std::string script = "exec 2>" + (dir / "statuses.txt").string() + "\n" +
                       "export VIGIL=" + d.base_url() + "\nexport KEY=" + kKey + "\n" +
                       "auth=(-H \"Authorization: Bearer $KEY\")\n"
                       // Each request's status on stderr; a -w in the example itself wins.
                       "curl() { command curl -w '%{stderr}%{http_code}\\n' \"$@\"; }\n";
  for (std::size_t i = 1; i < all.size(); ++i) {
    const auto marker = "echo; echo '" + std::string(kMarker) + std::to_string(i) + "'";
    script += marker + "\n" + marker + " >&2\n" + all[i].sh.text;
  }
  std::ofstream(dir / "examples.sh") << script;

  ChildProcess bash({find_program("bash").string(), (dir / "examples.sh").string()}, dir / "stdout.txt", dir.path());
  const auto exit_code = bash.wait_for(std::chrono::seconds(60));
  ASSERT_TRUE(exit_code.has_value()) << "the examples did not finish in 60 s";
  EXPECT_EQ(*exit_code, 0) << read_file(dir / "stdout.txt");

  const auto outputs = outputs_by_block(read_file(dir / "stdout.txt"), all.size());
  const auto statuses = outputs_by_block(read_file(dir / "statuses.txt"), all.size());
  // Every curl of the examples reports its status, but those with a -w of
  // their own (which print it themselves); the paging loop runs once.
  int curls = 0;
  for (std::size_t i = 1; i < all.size(); ++i) {
    std::istringstream lines(all[i].sh.text);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("curl ") != std::string::npos && line.find(" -w ") == std::string::npos) ++curls;
    }
  }
  int requests = 0;
  for (std::size_t i = 1; i < all.size(); ++i) {
    SCOPED_TRACE("docs/API.md:" + std::to_string(all[i].sh.line) + ":\n" + all[i].sh.text + "answer:\n" + outputs[i]);
    std::istringstream codes(statuses[i]);
    for (std::string code; std::getline(codes, code);) {
      if (code.empty()) continue;
      ++requests;
      EXPECT_TRUE(std::regex_match(code, std::regex("2[0-9][0-9]"))) << "status " << code;
    }
    if (!all[i].answer) continue;
    const auto answer = nlohmann::json::parse(outputs[i], nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(answer.is_object()) << "the doc shows a JSON answer";
    for (const auto& [key, value] : all[i].answer->items()) {
      EXPECT_TRUE(answer.contains(key)) << "the answer lacks \"" << key << "\"";
    }
  }
  EXPECT_EQ(requests, curls);

  // The alert of section 4 is the one ingested above, with its evidence and the rule's tags.
  const auto& alert_block = *std::find_if(all.begin(), all.end(), [](const Example& e) {
    return e.sh.text.find("jq -r '.alerts[0].id'") != std::string::npos;
  });
  const auto alert = nlohmann::json::parse(outputs[&alert_block - all.data()]);
  EXPECT_EQ(alert["activesync"]["device_ids"], nlohmann::json{"ID1"});
  EXPECT_EQ(alert["rule"]["id"], "ce64d965-6cb0-466d-b74f-8d2c76f47f05");
  EXPECT_FALSE(alert["rule"]["tags"].empty());
  EXPECT_FALSE(alert["rule"]["references"].empty());
  EXPECT_TRUE(std::filesystem::exists(dir / "casmailbox.csv"));
  EXPECT_EQ(d.stop(), 0);
}

}  // namespace
}  // namespace vigil::test
