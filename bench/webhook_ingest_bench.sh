#!/usr/bin/env bash
# Webhook ingestion benchmark: `recguard serve` (plain HTTP, a fresh SQLite
# journal on disk) under wrk with distinct, correctly signed Genesys
# notifications, then a check that every acknowledged webhook is on disk.
# Run twice in the same invocation: group commit (the product) and the
# baseline, one commit per webhook (`serve --commit-every-request`).
#
# What is measured: HTTP/1.1 keep-alive, HMAC verification, JSON parsing, a
# new recording workflow per webhook, the group commit with fsync
# (synchronous=FULL), and the acknowledgement. Genesys and both stores are a
# Python sink on loopback (bench/loopback_sink.py) that hands out the OAuth
# token and answers 404 to everything else; the pipeline paces its Genesys
# calls to the configured 300 requests/minute, so they are a few per second
# and do not weigh on the figures. Media fetches and store writes never start.
#
# Usage: bench/webhook_ingest_bench.sh [BUILD_DIR] (default build)
# Environment: DURATION (10s), CONNECTIONS (64), THREADS (2), WINDOW (1ms, the group-commit window),
#              BODIES (400000 distinct bodies, more than a run sends)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../build}"
recguard="$build/recguard"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
window="${WINDOW:-1ms}"
bodies="${BODIES:-400000}"
secret="bench-relay-secret"

for tool in wrk python3 sqlite3; do
  command -v "$tool" >/dev/null || { echo "webhook_ingest_bench: needs $tool (apt-get install -y $tool)" >&2; exit 2; }
done
[[ -x "$recguard" ]] || { echo "webhook_ingest_bench: no $recguard (build the recguard target)" >&2; exit 2; }

work="$(mktemp -d /tmp/recguard-ingest-bench.XXXXXX)"
sink_pid=""
serve_pid=""
cleanup() {
  [[ -n "$serve_pid" ]] && kill -KILL "$serve_pid" 2>/dev/null || true
  [[ -n "$sink_pid" ]] && kill "$sink_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/loopback_sink.py" "$work/sink.port" &
sink_pid=$!
for _ in $(seq 100); do [[ -s "$work/sink.port" ]] && break; sleep 0.05; done
sink="http://127.0.0.1:$(cat "$work/sink.port")"

python3 "$here/make_webhook_signatures.py" "$secret" "$bodies" > "$work/signatures.txt"
printf '%s' "$secret" > "$work/hmac.secret"
printf 'bench-client' > "$work/client.id"
printf 'bench-client-secret' > "$work/client.secret"
printf 'AKIDBENCH' > "$work/s3.id"
printf 'bench-s3-secret' > "$work/s3.secret"
printf 'YmVuY2g=' > "$work/azure.key"

write_config() {  # $1: journal file
  cat > "$work/live.json" <<JSON
{
  "webhook": {"bind": "127.0.0.1", "port": 0, "max_connections": 1000, "hmac_secret": {"file": "$work/hmac.secret"}},
  "journal": "$1",
  "genesys": {"api_url": "$sink", "requests_per_minute": 300,
              "oauth": {"token_url": "$sink/oauth/token", "client_id": {"file": "$work/client.id"},
                        "client_secret": {"file": "$work/client.secret"}}},
  "cdn": {"tls": false},
  "primary": {"kind": "s3", "endpoint_url": "$sink", "bucket": "rec-primary", "region": "us-east-1",
              "access_key_id": {"file": "$work/s3.id"}, "secret_access_key": {"file": "$work/s3.secret"}},
  "backup": {"kind": "azure_blob", "endpoint_url": "$sink", "account": "benchaccount", "container": "rec-backup",
             "account_key": {"file": "$work/azure.key"}, "path_style": true},
  "http_client": {"verify_peer": false},
  "policy": {"commit_interval": "$window"}
}
JSON
}

# run_mode LABEL [serve flags...]: prints "LABEL rps p50 p99 acked rows"
run_mode() {
  local label="$1"
  shift
  local journal="$work/$label.sqlite"
  write_config "$journal"
  "$recguard" serve --config "$work/live.json" --http "$@" > "$work/$label.out" 2> "$work/$label.err" &
  serve_pid=$!
  for _ in $(seq 200); do grep -q '^listening on ' "$work/$label.out" 2>/dev/null && break; sleep 0.05; done
  local url
  url="$(sed -n 's/^listening on //p' "$work/$label.out")"
  [[ -n "$url" ]] || { echo "serve did not start:" >&2; cat "$work/$label.err" >&2; exit 1; }
  WEBHOOK_SIGNATURES="$work/signatures.txt" WEBHOOK_THREADS="$threads" \
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/webhook_ingest.lua" "$url" > "$work/$label.wrk" 2>&1
  # CPU the server used, all threads (utime + stime, clock ticks): per
  # webhook it does not depend on what else the machine runs, unlike webhooks/s.
  local ticks
  ticks="$(awk '{print $14 + $15}' "/proc/$serve_pid/stat")"
  kill -TERM "$serve_pid"
  wait "$serve_pid" || { echo "serve exited non-zero:" >&2; cat "$work/$label.err" >&2; exit 1; }
  serve_pid=""
  local acked rps p50 p99 rows
  acked="$(sed -n 's/^bench: 2xx=\([0-9]*\).*/\1/p' "$work/$label.wrk")"
  rps="$(sed -n 's/^bench: .*rps=\([0-9]*\).*/\1/p' "$work/$label.wrk")"
  p50="$(sed -n 's/^bench: p50_ms=\([0-9.]*\).*/\1/p' "$work/$label.wrk")"
  p99="$(sed -n 's/^bench: .*p99_ms=\([0-9.]*\).*/\1/p' "$work/$label.wrk")"
  rows="$(sqlite3 "$journal" 'SELECT count(*) FROM recordings')"
  echo "--- $label: wrk -t$threads -c$connections -d$duration --latency" >&2
  grep -E 'Latency|Req/Sec|requests in|Requests/sec|50%|99%|Non-2xx|Socket errors|^bench' "$work/$label.wrk" >&2 || true
  echo "    serve: $(tail -1 "$work/$label.err")" >&2
  # Every acknowledged webhook is a distinct recording, so the journal must
  # hold at least as many rows (more: committed, but wrk stopped before the answer).
  if (( rows < acked )); then
    echo "FAIL $label: $acked webhooks acknowledged but only $rows rows in the journal" >&2
    exit 1
  fi
  local cpu_us
  cpu_us="$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$rows" 'BEGIN { printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0) }')"
  echo "$label $rps $p50 $p99 $acked $rows $cpu_us"
}

group="$(run_mode group_commit)"
single="$(run_mode commit_per_request --commit-every-request)"
read -r _ g_rps g_p50 g_p99 g_acked g_rows g_cpu <<< "$group"
read -r _ s_rps s_p50 s_p99 s_acked s_rows s_cpu <<< "$single"
echo
echo "webhook ingestion ($(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg), wrk -t$threads -c$connections -d$duration, group-commit window $window)"
printf '  %-20s %10s %9s %9s %10s %10s %14s\n' mode "webhooks/s" "p50 ms" "p99 ms" acked "rows" "serve CPU us/row"
printf '  %-20s %10s %9s %9s %10s %10s %14s\n' "group commit" "$g_rps" "$g_p50" "$g_p99" "$g_acked" "$g_rows" "$g_cpu"
printf '  %-20s %10s %9s %9s %10s %10s %14s\n' "commit per request" "$s_rps" "$s_p50" "$s_p99" "$s_acked" "$s_rows" "$s_cpu"
awk -v g="$g_rps" -v s="$s_rps" 'BEGIN { if (s > 0) printf "  group commit / commit per request: %.1fx\n", g / s }'
echo "  every acknowledged webhook is on disk (rows >= acknowledged, in both modes)"
