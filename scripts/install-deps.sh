#!/usr/bin/env bash
# Installs every build, run and test dependency of Vigil from Debian 12 packages.
# Idempotent: packages already present are left alone; safe to run as root on a bare machine.
#
#   --with-test-clients   also install the real third-party clients the test suite
#                         ships to vigild with: rsyslog's Elasticsearch output
#                         (rsyslog-elasticsearch; rsyslog also receives syslog alert
#                         delivery), Node.js + npm when missing, the
#                         pinned @elastic/elasticsearch in tests/clients/js, libfaketime,
#                         the Kafka producers kcat, kafka-python and rsyslog-kafka,
#                         and the PostgreSQL 15 server the postgresql-labelled tests start.
#   --with-fuzz           also install the libFuzzer toolchain scripts/fuzz.sh builds
#                         with: clang, its fuzzer/sanitizer runtimes and llvm-symbolizer.
set -euo pipefail
cd "$(dirname "$0")/.."

with_test_clients=0
with_fuzz=0
for arg in "$@"; do
  case "$arg" in
    --with-test-clients) with_test_clients=1 ;;
    --with-fuzz) with_fuzz=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl
  ccache                    # every build compiles through it (scripts/lib/ccache.sh)
  libboost1.81-dev          # Asio + Beast (header-only)
  nlohmann-json3-dev        # the JSON value type: documents, config, API bodies, rule documents
  libsimdjson-dev           # JSON parsing on the hot paths (bulk sources, stored events and alerts)
  libabsl-dev               # flat hash maps for the lookups aggregation runs make on every row
  libre2-dev                # linear-time regex and wildcard matching for rules
  libsqlite3-dev sqlite3    # storage; the sqlite3 CLI is the ingest benchmark's baseline
  libspdlog-dev             # logging (text and JSON lines)
  libtomlplusplus-dev       # TOML config and rule files, with source positions for errors
  libcli11-dev              # command-line flags and sub-commands
  zlib1g-dev                # gzip/deflate request bodies
  libzstd-dev               # stored event documents: zstd frames with trained dictionaries
  libssl-dev                # TLS
  python3 python3-yaml      # build step: docs/openapi.yaml embedded as JSON for /api/v1/openapi.json
  prometheus-cpp-dev        # /metrics: registry and Prometheus text format (only the core library is linked)
  librdkafka-dev            # [[inputs.kafka]]: Kafka and Event Hubs consumer; its mock cluster runs the Kafka tests
  libpq-dev                 # the PostgreSQL storage backend's client library (storage/postgresql)
  libgtest-dev libgmock-dev googletest
)

if [ "$with_test_clients" -eq 1 ]; then
  packages+=(rsyslog-elasticsearch)   # omelasticsearch; pulls rsyslog
  packages+=(rsyslog)                 # imudp/imtcp: the syslog receiver of alert delivery's test
  packages+=(python3-elasticsearch)   # the official Python client 7.17 (tests/clients/python)
  packages+=(jq)                      # docs/API.md's examples pick ids with jq (tests/daemon/api_doc_test.cpp)
  # libfaketime: the downtime test runs vigild with its clock set back
  # (LD_PRELOAD), so vigild needs no clock hook
  packages+=(faketime)
  # Kafka producers that share no code with Vigil's consumer feed the mock
  # cluster in the Kafka input's tests: kcat, kafka-python, rsyslog's omkafka.
  packages+=(kcat python3-kafka rsyslog-kafka)
  # The PostgreSQL backend's tests start a server of their own (initdb and
  # pg_ctl from /usr/lib/postgresql/15/bin, as the postgres user it creates).
  packages+=(postgresql-15)
  # Node.js from Debian only when the machine has none (a newer one may already be there).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
  fi
fi

if [ "$with_fuzz" -eq 1 ]; then
  # clang only recommends its runtimes, which --no-install-recommends skips:
  # libclang-rt-14-dev holds libFuzzer, ASan and UBSan; llvm-14 symbolizes reports.
  packages+=(clang libclang-rt-14-dev llvm-14)
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (or via sudo)" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi

if [ "$with_test_clients" -eq 1 ]; then
  # npm ci wipes and reinstalls node_modules; skip it when the tree was
  # installed from this exact lock file.
  js=tests/clients/js
  stamp=$js/node_modules/.vigil-lock.sha256
  want=$(sha256sum "$js/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "install-deps: $js/node_modules matches package-lock.json"
  else
    echo "install-deps: npm ci in $js"
    (cd "$js" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
fi
