-- bench/plan_write.lua - (c) POST /api/v1/plans/{id}/goals: a plan change with
-- its history entry and audit entry, by the plan's coordinator, on random plans
-- that are not closed (BENCH_OPEN_PLAN_PAIRS: "id token" lines). SPEC section 7
-- asks for >= 5 000 requests/s.
local lib = dofile(os.getenv("BENCH_LIB") or "bench/lib.lua")

local plans = lib.read_pairs("BENCH_OPEN_PLAN_PAIRS")
local headers = { ["Content-Type"] = "application/json" }
local body = '{"kind":"main","text":"Mål fra bench"}'

setup = lib.setup
init = lib.init

request = function()
   local p = plans[math.random(#plans)]
   headers["Authorization"] = p.auth
   return wrk.format("POST", "/api/v1/plans/" .. p.id .. "/goals", headers, body)
end

done = lib.done
