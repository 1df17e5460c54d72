#!/usr/bin/env bash
# Installs what is missing, builds, and runs vigild on its defaults:
# 127.0.0.1:8720, database in ./data/vigil.db, the built-in rules.
# Extra arguments go to vigild (e.g. --log-level debug).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh --target vigild  # the test suite and benchmarks are built by scripts/test.sh
exec ./build/daemon/vigild "$@"
