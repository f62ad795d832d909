-- bench/plan_read.lua - (b) GET /api/v1/plans/{id} with a Bearer token, over
-- random plans of the demo database (BENCH_PLAN_IDS: a file with one id a
-- line). An authorised, audit-logged read of a whole plan: SPEC section 7 asks
-- for >= 20 000 requests/s with p99 <= 10 ms at 64 connections.
local lib = dofile(os.getenv("BENCH_LIB") or "bench/lib.lua")

local ids = lib.read_ids("BENCH_PLAN_IDS")
local headers = lib.auth_headers()

setup = lib.setup
init = lib.init

request = function()
   local id = ids[math.random(#ids)]
   return wrk.format("GET", "/api/v1/plans/" .. id, headers)
end

done = lib.done
