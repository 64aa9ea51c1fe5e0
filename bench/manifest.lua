-- wrk script: GET a manifest by tag with the Accept header a container client sends.
-- BENCH_AUTH (optional) is a full Authorization header value ("Basic ..." or "Bearer ...").
wrk.method = "GET"
wrk.headers["Accept"] = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"
local auth = os.getenv("BENCH_AUTH")
if auth ~= nil and auth ~= "" then
  wrk.headers["Authorization"] = auth
end

-- One machine-readable line for run.sh:
-- WRK_RESULT requests duration_us p50_us p99_us non2xx socket_errors bytes
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_RESULT %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout, summary.bytes))
end
