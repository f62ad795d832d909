-- bench/plan_read.lua - (b) GET /api/v1/plans/{id}, each plan read by its
-- own coordinator with a Bearer token (BENCH_PLAN_PAIRS: "id token" lines, all
-- plans that have a coordinator). An authorised, audit-logged read of a whole
-- plan: SPEC section 7 asks for >= 20 000 requests/s with p99 <= 10 ms at 64
-- connections.
local lib = dofile(os.getenv("BENCH_LIB") or "bench/lib.lua")

local plans = lib.read_pairs("BENCH_PLAN_PAIRS")
local headers = {}

setup = lib.setup
init = lib.init

request = function()
   local p = plans[math.random(#plans)]
   headers["Authorization"] = p.auth
   return wrk.format("GET", "/api/v1/plans/" .. p.id, headers)
end

done = lib.done
