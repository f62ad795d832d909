-- bench/healthz.lua - (a) GET /healthz: the server's floor (HTTP, routing, no
-- authentication, no database). Only adds the summary line of lib.lua.
local lib = dofile(os.getenv("BENCH_LIB") or "bench/lib.lua")

wrk.method = "GET"
wrk.path = "/healthz"

done = lib.done
