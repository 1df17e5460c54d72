// The runtime stage of docker/Dockerfile starts from debian:12-slim and
// installs only the packages of the shared libraries vigild links. One left
// out is an image whose vigild cannot start, which no other test would see:
// CI has no Docker engine to build the image in.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "tests/support/daemon_fixture.hpp"
#include "tests/support/test_data.hpp"

namespace vigil::test {
namespace {

std::string output_of(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  std::string out;
  std::array<char, 4096> buffer{};
  while (const auto n = fread(buffer.data(), 1, buffer.size(), pipe.get())) out.append(buffer.data(), n);
  return out;
}

std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.insert(word);
  return out;
}

// The packages the runtime stage's apt-get install names.
std::set<std::string> runtime_packages() {
  std::ifstream file(source_dir() / "docker/Dockerfile");
  std::stringstream text;
  text << file.rdbuf();
  const auto all = text.str();
  const auto stage = all.find("FROM debian:12-slim");
  const auto install = all.find("apt-get install", stage);
  if (stage == std::string::npos || install == std::string::npos) return {};
  const auto end = all.find("&&", install);
  auto packages = words(all.substr(install, end - install));
  for (const auto* not_a_package : {"apt-get", "install", "-y", "--no-install-recommends", "\\"}) packages.erase(not_a_package);
  return packages;
}

// The package of each library vigild names itself (readelf's NEEDED), found
// where the loader finds it (ldd); dpkg knows some by their /lib path only.
std::set<std::string> packages_vigild_needs() {
  const std::string bin = "'" + vigild_binary().string() + "'";
  return words(output_of(
      "found=$(ldd " + bin + "); "
      "for so in $(readelf -d " + bin + " | sed -n 's/.*Shared library: \\[\\(.*\\)\\]/\\1/p'); do "
      "path=$(echo \"$found\" | awk -v so=\"$so\" '$1 == so {print $3}'); real=$(readlink -f \"$path\"); "
      "{ dpkg -S \"$path\" || dpkg -S \"$real\" || dpkg -S \"${real#/usr}\"; } 2>/dev/null | head -1 | cut -d: -f1; "
      "done"));
}

TEST(DockerImage, TheRuntimeStageInstallsThePackageOfEveryLibraryVigildLinks) {
  const auto installed = runtime_packages();
  ASSERT_FALSE(installed.empty()) << "no apt-get install after FROM debian:12-slim in docker/Dockerfile";
  const auto needed = packages_vigild_needs();
  ASSERT_TRUE(needed.contains("libsqlite3-0")) << "the lookup found no packages; readelf, ldd or dpkg failed";
  const std::set<std::string> in_the_base{"libc6", "libgcc-s1", "libstdc++6"};  // debian:12-slim's apt needs them
  for (const auto& package : needed) {
    // A sanitizer build links its runtime (libasan8, libubsan1); the image's Release build does not.
    const bool sanitizer_runtime = package.starts_with("libasan") || package.starts_with("libubsan") ||
                                   package.starts_with("libtsan") || package.starts_with("liblsan");
    if (in_the_base.contains(package) || sanitizer_runtime) continue;
    EXPECT_TRUE(installed.contains(package)) << "docker/Dockerfile's runtime stage does not install " << package
                                             << ", whose library vigild links";
  }
}

}  // namespace
}  // namespace vigil::test
