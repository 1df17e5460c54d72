// The official Elasticsearch Python client (Debian's python3-elasticsearch,
// 7.17) against the real vigild: helpers.streaming_bulk, then what test
// suites and applications call after writing (indices.refresh,
// indices.exists, count) and eql.search, including the errors it must raise
// (NotFoundError for a missing index, RequestError naming a sequence query).
// tests/clients/python/es_client.py is the client side.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/api/clients/child_process.hpp"
#include "tests/support/daemon_fixture.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::test {
namespace {

using namespace std::chrono_literals;

TEST(EsPyClient, BulkRefreshExistsCountAndEqlSearch) {
  // Debian's package installs for Debian's interpreter, which a pyenv or
  // venv python3 earlier on PATH would not see.
  const std::filesystem::path python = "/usr/bin/python3";
  ASSERT_TRUE(std::filesystem::exists("/usr/lib/python3/dist-packages/elasticsearch/__init__.py"))
      << "python3-elasticsearch is not installed; " << kInstallClientsHint;
  Daemon d;
  TempDir tmp;
  constexpr int kDocs = 500;
  ChildProcess py({python.string(), "es_client.py", d.base_url(), std::to_string(kDocs)}, tmp / "client.log",
                  source_dir() / "tests/clients/python");
  const auto code = py.wait_for(90s);
  const auto out = py.output();
  ASSERT_TRUE(code) << "es_client.py did not finish in 90 s:\n" << out;
  ASSERT_EQ(*code, 0) << "es_client.py failed:\n" << out << "\nvigild log:\n" << d.log();
  EXPECT_NE(out.find("ok: streaming_bulk created 500"), std::string::npos) << out;
  EXPECT_NE(out.find("ok: sequence refused with its reason"), std::string::npos) << out;
  EXPECT_EQ(d.client().get("/py-client-test/_count").json()["count"], kDocs);
}

}  // namespace
}  // namespace vigil::test
