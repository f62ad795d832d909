-- bench/lib.lua - what the wrk scripts of bench/run.sh share: reading a list
-- of plan/token pairs, a per-thread random seed, and a `done`
-- function that prints one machine-readable line for run.sh to parse.
--
-- wrk gives each of its threads its own Lua state, so this file is loaded once
-- per thread (and once more for setup/done); keep it cheap.

local lib = {}

-- The (plan id, Bearer token) pairs in the file named by `var`, one "id token"
-- a line: each plan is read or changed by its own coordinator, so every
-- request passes the access policy on a real relation (docs/security.md).
function lib.read_pairs(var)
   local path = os.getenv(var)
   if not path then
      error(var .. " is not set (run me through bench/run.sh)")
   end
   local pairs_ = {}
   for line in io.lines(path) do
      local id, token = line:match("^(%d+) (%S+)$")
      if id then pairs_[#pairs_ + 1] = { id = id, auth = "Bearer " .. token } end
   end
   if #pairs_ == 0 then error("no plan/token pairs in " .. path) end
   return pairs_
end

-- Gives every thread its own seed, so they do not ask for the same plans in
-- the same order.
local counter = 0
function lib.setup(thread)
   counter = counter + 1
   thread:set("seed", counter * 7919)
end

function lib.init()
   math.randomseed(seed or 1)
end

-- One line: BENCH requests=N seconds=S rps=R p50_ms=A p99_ms=B non2xx=N errors=N
-- (wrk counts responses with a status of 400 or more in errors.status; a 3xx
-- is not expected from this API.)
function lib.done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
      "non2xx=%d errors=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      e.status, e.connect + e.read + e.write + e.timeout))
end

return lib
