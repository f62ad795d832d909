-- bench/plan_write.lua - (c) POST /api/v1/plans/{id}/goals: a plan change with
-- its history entry and audit, on random plans that are not closed
-- (BENCH_OPEN_PLAN_IDS). SPEC section 7 asks for >= 5 000 requests/s.
local lib = dofile(os.getenv("BENCH_LIB") or "bench/lib.lua")

local ids = lib.read_ids("BENCH_OPEN_PLAN_IDS")
local headers = lib.auth_headers()
headers["Content-Type"] = "application/json"
local body = '{"kind":"main","text":"Mål fra bench","written_by":"staff"}'

setup = lib.setup
init = lib.init

request = function()
   local id = ids[math.random(#ids)]
   return wrk.format("POST", "/api/v1/plans/" .. id .. "/goals", headers, body)
end

done = lib.done
