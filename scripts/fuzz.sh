#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan, and runs them.
#
#   scripts/fuzz.sh TARGET SECONDS   one target for SECONDS (e.g. eql_parser 600)
#   scripts/fuzz.sh all SECONDS      every target, SECONDS each, one per core at a time (CI: 60)
#   scripts/fuzz.sh list             the targets
#
# Builds in build-fuzz/ (FUZZ_BUILD_DIR to change). Seeds come from
# tests/fuzz/corpus/<target>/ and the documents under tests/data; both are
# only read. What the fuzzer adds goes to <build dir>/corpus/<target>/, and every
# crash, leak, timeout or out-of-memory input to <build dir>/findings/<target>/.
# Prints the executions of each target; exits 1 if any target found anything.
# Reproduce a finding with: <build dir>/tests/fuzz/<target>_fuzz <artefact>
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# target   max_len (bytes)  timeout (s per input)  rss_limit_mb  dictionary (tests/fuzz/dict/)
targets_table="
bulk_request         8192  10  2048  json
body_decoder         4096  10  2048  -
query_params         2048  10  2048  query
command_line         1024  10  2048  -
sysmon_normalizer    8192  10  2048  json
security_normalizer  8192  10  2048  json
defender_normalizer  8192  10  2048  json
normalizer           8192  10  2048  json
eql_parser           2048  10  2048  eql
toml_rule_reader     8192  10  2048  toml
json_overlay         8192  10  2048  json
request_header       4096  10  2048  http
json_string_cut      8192  10  2048  json
kql_parser           2048  10  2048  -
"
targets=$(awk 'NF { print $1 }' <<<"$targets_table")

usage() { sed -n '2,13p' "$0"; }
target=${1:-}
case "$target" in
  list) echo "$targets"; exit 0 ;;
  -h | --help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac
seconds=${2:-}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz: SECONDS must be a positive whole number, got '$seconds'" >&2
  exit 2
fi
if [ "$target" = all ]; then
  selected=$targets
elif grep -qx "$target" <<<"$targets"; then
  selected=$target
else
  echo "fuzz: unknown target '$target'; one of: all" $targets >&2
  exit 2
fi

./scripts/install-deps.sh --with-fuzz

build_dir=$(realpath -m "${FUZZ_BUILD_DIR:-build-fuzz}")
source scripts/lib/ccache.sh
# CC too, in case a find module enables C: a gcc object would not be instrumented.
CC=clang cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIL_FUZZ=ON \
  -DCMAKE_CXX_COMPILER=clang++ "${ccache_launcher[@]}"
cmake --build "$build_dir" -j "$(nproc)" --target vigil_fuzzers

symbolizer=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer || true)
[ -n "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer
export UBSAN_OPTIONS=print_stacktrace=1

data_seeds=("$root/tests/data")

# One target: its log, its executions, and whether it found anything
# (<build dir>/logs/<target>.status: "ok" or the reason).
run_target() {
  local name=$1 max_len timeout rss dict status=0
  read -r _ max_len timeout rss dict < <(awk -v t="$name" '$1 == t' <<<"$targets_table")
  local corpus=$build_dir/corpus/$name findings=$build_dir/findings/$name log=$build_dir/logs/$name.log
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  local options=(-max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout" -rss_limit_mb="$rss"
    -artifact_prefix="$findings/" -print_final_stats=1)
  [ "$dict" != - ] && options+=(-dict="$root/tests/fuzz/dict/$dict.dict")
  echo "fuzz: $name for ${seconds}s (log: $log)"
  # The first directory receives new inputs; the seed directories are only read.
  "$build_dir/tests/fuzz/${name}_fuzz" "${options[@]}" "$corpus" "$root/tests/fuzz/corpus/$name" \
    "${data_seeds[@]}" >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ] || [ -n "$(find "$findings" -type f)" ]; then
    echo "exit $status" >"$build_dir/logs/$name.status"
  else
    echo ok >"$build_dir/logs/$name.status"
  fi
}

# One target per core at a time: libFuzzer runs single-threaded, and CI's
# 60 s for each of ten targets then takes five minutes on two cores.
running=0
for name in $selected; do
  if [ "$running" -ge "$(nproc)" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_target "$name" &
  running=$((running + 1))
done
wait

failed=()
summary=()
for name in $selected; do
  log=$build_dir/logs/$name.log
  executions=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{ print $2 }' | tail -1)
  summary+=("$(printf '%-20s %12s executions' "$name" "${executions:-?}")")
  result=$(cat "$build_dir/logs/$name.status" 2>/dev/null || echo "no result")
  if [ "$result" != ok ]; then
    failed+=("$name")
    echo "fuzz: $name FAILED ($result); the end of its log:" >&2
    tail -n 60 "$log" >&2
    artefacts=$(find "$build_dir/findings/$name" -type f | sort)
    [ -n "$artefacts" ] && echo "fuzz: $name artefacts:" && sed 's/^/  /' <<<"$artefacts"
  fi
done

echo "fuzz: executions in ${seconds}s per target"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no findings"
