#!/usr/bin/env bash
# Installs the real peers the live tests (CTest label `live`) start: rclone
# (an independent S3/Azure client for `rclone check`) and wrk from Debian, and
# Azurite and s3rver from npm into tools/live-peers (versions pinned by its
# package-lock.json). Installs only what is missing; a second run does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(rclone wrk)
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

peers=tools/live-peers
# npm records what it installed in node_modules/.package-lock.json: newer than
# the committed lock and both binaries present means nothing to do.
if [ -x "$peers/node_modules/.bin/azurite-blob" ] && [ -x "$peers/node_modules/.bin/s3rver" ] &&
   [ "$peers/node_modules/.package-lock.json" -nt "$peers/package-lock.json" ]; then
  exit 0
fi
echo "installing npm packages into $peers (azurite, s3rver)"
npm ci --prefix "$peers" --no-audit --no-fund --loglevel=error
