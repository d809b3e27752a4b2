-- wrk script for bench/webhook_ingest_bench.sh: every request is a distinct,
-- correctly signed Genesys recording notification. wrk's Lua cannot compute
-- an HMAC, so the bench precomputes one signature per body (same template,
-- same numbering as make_webhook_signatures.py) into a file this script reads.
-- Each wrk thread takes its own slice of the numbers, so no body repeats
-- until a slice is used up (the bench makes them larger than a run needs).
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local signatures = {}
local first, count, next_index = 0, 0, 0
local template = '{"topicName":"v2.users.bench.conversations.call-%d.recordings","version":"2",' ..
                 '"eventBody":{"id":"rec-%d","conversationId":"call-%d","fileState":"UPLOADING"},' ..
                 '"metadata":{"CorrelationId":"bench-%d"}}'

function init(args)
  local file = os.getenv("WEBHOOK_SIGNATURES")
  local nthreads = tonumber(os.getenv("WEBHOOK_THREADS") or "2")
  local total = 0
  for line in io.lines(file) do
    total = total + 1
    signatures[total] = line
  end
  count = math.floor(total / nthreads)
  first = (tid - 1) * count
end

function request()
  local n = first + (next_index % count)
  next_index = next_index + 1
  local body = string.format(template, n, n, n, n)
  return wrk.format("POST", "/webhooks/genesys",
                    {["Content-Type"] = "application/json", ["X-Recguard-Signature"] = signatures[n + 1]}, body)
end

-- No response() callback: wrk then skips handing every answer to Lua, which
-- costs CPU the server needs on a 2-core box. wrk counts answers that are not
-- 2xx/3xx itself (summary.errors.status); the server sends no 3xx, so the
-- rest are the 2xx acknowledgements.
function done(summary, latency, requests)
  local not_ok = summary.errors.status
  io.write(string.format("bench: 2xx=%d other=%d\n", summary.requests - not_ok, not_ok))
  io.write(string.format("bench: p50_ms=%.3f p99_ms=%.3f rps=%.0f\n", latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
