#!/usr/bin/env bash
# Installs the Debian bookworm packages recguard builds with, only those missing.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config libssl-dev libsqlite3-dev nlohmann-json3-dev libboost-dev
          catch2 librapidcheck-dev libsndfile1-dev
          openssl   # the CLI: the media and dual-write benchmarks measure `openssl speed` as their baseline
          chromium) # headless: a test renders report.html and checks its console
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
