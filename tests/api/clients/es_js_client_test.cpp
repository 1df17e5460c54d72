// The official Elasticsearch JavaScript client (@elastic/elasticsearch 8.x,
// pinned in tests/clients/js/package.json) ships to the real vigild:
// info() with the client's product check, helpers.bulk, a plain bulk(),
// count(), get(), indices.refresh(), indices.exists() and eql.search(). tests/clients/js/bulk_client.mjs is the client side.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/api/clients/child_process.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/test_data.hpp"
#include "tests/support/temp_dir.hpp"

namespace vigil::test {
namespace {

using namespace std::chrono_literals;

std::size_t count_lines(const std::string& text, const std::string& line) {
  std::size_t n = 0;
  for (auto at = text.find(line + "\n"); at != std::string::npos; at = text.find(line + "\n", at + 1))
    if (at == 0 || text[at - 1] == '\n') ++n;
  return n;
}

TEST(EsJsClient, HelpersBulkAndBulkStoreEveryDocument) {
  const auto js_dir = source_dir() / "tests/clients/js";
  const auto node = find_program("node");
  ASSERT_FALSE(node.empty()) << "node is not installed; " << kInstallClientsHint;
  const auto installed = js_dir / "node_modules/@elastic/elasticsearch/package.json";
  ASSERT_TRUE(std::filesystem::exists(installed)) << installed << " is missing; " << kInstallClientsHint;
  const auto pinned =
      nlohmann::json::parse(read_file(js_dir / "package.json"))["dependencies"]["@elastic/elasticsearch"];
  ASSERT_EQ(nlohmann::json::parse(read_file(installed))["version"], pinned)
      << "node_modules is stale; " << kInstallClientsHint;

  Daemon d;
  TempDir tmp;
  constexpr int kDocs = 1000;
  ChildProcess js({node.string(), "bulk_client.mjs", d.base_url(), std::to_string(kDocs)}, tmp / "client.log", js_dir);
  const auto code = js.wait_for(90s);
  const auto out = js.output();
  ASSERT_TRUE(code) << "bulk_client.mjs did not finish in 90 s:\n" << out;
  ASSERT_EQ(*code, 0) << "bulk_client.mjs failed:\n" << out << "\nvigild log:\n" << d.log();

  // What the client made: the product-checked GET /, then several bulks
  // (flushBytes 16 KiB), then the plain bulk, count and two gets.
  EXPECT_EQ(count_lines(out, "request: GET /"), 1u) << out;
  EXPECT_GE(count_lines(out, "request: POST /_bulk"), 2u) << out;
  EXPECT_EQ(count_lines(out, "request: POST /_bulk?refresh=wait_for"), 1u) << out;

  // And what vigild stored, read through the test's own client.
  auto& c = d.client();
  EXPECT_EQ(c.get("/js-client-test/_count").json()["count"], kDocs + 3);
  for (const int i : {0, kDocs / 2, kDocs - 1}) {
    const auto doc = c.get("/js-client-test/_doc/js-" + std::to_string(i));
    ASSERT_EQ(doc.status, 200) << doc.body;
    EXPECT_EQ(doc.json()["_source"]["message"], "js client document " + std::to_string(i));
    EXPECT_EQ(doc.json()["_source"]["event"]["sequence"], i);
    EXPECT_EQ(doc.json()["_source"]["labels"]["client"], "elasticsearch-js");
  }
}

}  // namespace
}  // namespace vigil::test
