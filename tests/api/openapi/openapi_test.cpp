// docs/openapi.yaml must describe exactly the routes vigild registers, with
// the roles its access policy enforces: a route added without documentation,
// or documented and then removed, fails here.
#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/daemon_fixture.hpp"

namespace vigil::test {
namespace {

using Route = std::tuple<std::string, std::string, std::set<std::string>>;  // method, path, roles

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::set<Route> registered_routes() {
  const auto result = run_vigild({"--print-routes"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  std::set<Route> routes;
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("method")) continue;  // a log line
    const auto roles = j.at("roles").get<std::set<std::string>>();
    routes.emplace(lower(j.at("method").get<std::string>()), j.at("path").get<std::string>(), roles);
  }
  return routes;
}

std::set<Route> documented_routes(const nlohmann::json& spec) {
  std::set<Route> routes;
  for (const auto& [path, item] : spec.at("paths").items())
    for (const auto& [method, operation] : item.items())
      if (method != "parameters")
        routes.emplace(method, path, operation.at("x-vigil-roles").get<std::set<std::string>>());
  return routes;
}

std::string describe(const std::set<Route>& routes) {
  std::string out;
  for (const auto& [method, path, roles] : routes) {
    out += "  " + method + " " + path + " [";
    for (const auto& r : roles) out += r + " ";
    out += "]\n";
  }
  return out;
}

TEST(OpenApi, ServedDocumentDescribesExactlyTheRegisteredRoutesAndTheirRoles) {
  Daemon daemon;
  const auto res = daemon.client().get("/api/v1/openapi.json");
  ASSERT_EQ(res.status, 200) << res.body;
  const auto spec = nlohmann::json::parse(res.body);
  EXPECT_EQ(spec.at("openapi"), "3.1.0");

  const auto registered = registered_routes();
  ASSERT_GT(registered.size(), 30u);
  const auto documented = documented_routes(spec);
  std::set<Route> undocumented, stale;
  std::set_difference(registered.begin(), registered.end(), documented.begin(), documented.end(),
                      std::inserter(undocumented, undocumented.end()));
  std::set_difference(documented.begin(), documented.end(), registered.begin(), registered.end(),
                      std::inserter(stale, stale.end()));
  EXPECT_TRUE(undocumented.empty()) << "registered but not in docs/openapi.yaml (or with other roles):\n"
                                    << describe(undocumented);
  EXPECT_TRUE(stale.empty()) << "in docs/openapi.yaml but not registered (or with other roles):\n" << describe(stale);
}

TEST(OpenApi, EveryOperationDocumentsItsErrorsWithTheSharedShape) {
  Daemon daemon;
  const auto spec = nlohmann::json::parse(daemon.client().get("/api/v1/openapi.json").body);
  for (const auto& [path, item] : spec.at("paths").items())
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      ASSERT_TRUE(operation.contains("responses")) << method << " " << path;
      for (const auto& [status, response] : operation.at("responses").items())
        if (status.front() == '4' || status.front() == '5') {
          const auto ref = response.value("$ref", "");
          EXPECT_TRUE(ref == "#/components/responses/Error" || ref == "#/components/responses/Object")
              << method << " " << path << " " << status << " should use the shared Error response";
        }
    }
}

}  // namespace
}  // namespace vigil::test
