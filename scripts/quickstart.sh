#!/usr/bin/env bash
# Command 1 of the README: install what is missing, build, run the conformance suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target recguard
./build/recguard conform scenarios --report-dir out/report
