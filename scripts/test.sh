#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
#   scripts/test.sh [ctest arguments...]   (e.g. -L postgresql, -LE postgresql)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --with-test-clients
./scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" --timeout 600 "$@"
