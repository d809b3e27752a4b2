#!/usr/bin/env bash
# Command 2 of the README: install what is missing, build everything, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/install-live-deps.sh   # the live tests' real peers: Azurite, s3rver (npm), rclone, wrk
cmake --preset default >/dev/null
cmake --build --preset default
ctest --preset default "$@"
