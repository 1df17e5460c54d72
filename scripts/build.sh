#!/usr/bin/env bash
# Configures and builds Vigil into build/ (BUILD_DIR to change).
#   scripts/build.sh [--target NAME]... [CMake configure arguments...]
# Without --target, everything: vigild, the test suite and the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ccache.sh
build_dir=${BUILD_DIR:-build}
targets=()
configure_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target) targets+=(--target "$2"); shift 2 ;;
    *) configure_args+=("$1"); shift ;;
  esac
done
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
    "${ccache_launcher[@]}" "${configure_args[@]}"
fi
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"
