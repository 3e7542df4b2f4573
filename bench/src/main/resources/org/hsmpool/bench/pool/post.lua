-- hsmpool bench: the wrk side of a pool case (org.hsmpool.bench.pool.Wrk runs it, docs/performance.md).
-- Every request is the same POST to the URL on wrk's command line. The body and the bearer token come from
-- the environment (a token never goes on a command line). wrk builds the request once per thread, since
-- this script defines no request() and no response(): the cheapest way wrk can send.
wrk.method = "POST"
wrk.body = os.getenv("HSMPOOL_WRK_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("HSMPOOL_WRK_TOKEN")

-- After the run, for the Java side: the counts, wrk's own CPU time (clock ticks of user and system time
-- from /proc/self/stat, all threads) and every latency value (microseconds) with its count, from which
-- the Java side builds the same HdrHistogram as for its own load generator's rounds.
function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("HSMPOOL_WRK_OUT"), "w"))
  local stat = assert(io.open("/proc/self/stat")):read("*a")
  local fields = {}
  for f in stat:match("^.*%) (.*)$"):gmatch("%S+") do
    fields[#fields + 1] = f
  end
  local e = summary.errors
  out:write(string.format("duration_us %d\nrequests %d\n", summary.duration, summary.requests))
  out:write(string.format("errors %d %d %d %d %d\n", e.connect, e.read, e.write, e.status, e.timeout))
  out:write(string.format("cpu_ticks %d\n", tonumber(fields[12]) + tonumber(fields[13])))
  for i = 1, #latency do
    local value, count = latency(i)
    out:write(string.format("latency %d %d\n", value, count))
  end
  out:close()
end
