#!/usr/bin/env bash
# Installs every build, run and test dependency of Vigil from Debian 12 packages.
# Idempotent: packages already present are left alone; safe to run as root on a bare machine.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl
  libboost1.81-dev          # Asio + Beast (header-only)
  nlohmann-json3-dev        # JSON off the hot path: config, API bodies, rule documents
  libre2-dev                # linear-time regex and wildcard matching for rules
  libsqlite3-dev sqlite3    # storage; the sqlite3 CLI is the ingest benchmark's baseline
  libspdlog-dev             # logging (text and JSON lines)
  libtomlplusplus-dev       # TOML config and rule files, with source positions for errors
  libcli11-dev              # command-line flags and sub-commands
  zlib1g-dev                # gzip/deflate request bodies
  libssl-dev                # TLS
  libgtest-dev libgmock-dev googletest
)

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
