-- bench/person_search.lua - (s) GET /api/v1/persons?q=...&limit=20: the staff
-- view's person search (one page, as web/js/views/persons.js asks for it) by a
-- member of the coordinating unit, or for (s2) a staff member whose search
-- need-to-know filters (BENCH_SEARCH_TOKEN), with the queries of
-- BENCH_SEARCH_QUERIES (one a line, UTF-8 as a user types it: lower-case
-- names with æ, ø, å and Sami letters, full names, street prefixes, national
-- ID numbers with the usual space, and a few that find nobody), in random
-- order.
local lib = dofile(os.getenv("BENCH_LIB") or "bench/lib.lua")

local function urlencode(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local path = os.getenv("BENCH_SEARCH_QUERIES")
if not path then error("BENCH_SEARCH_QUERIES is not set (run me through bench/run.sh)") end
local queries = {}
for line in io.lines(path) do
   if line ~= "" then queries[#queries + 1] = "/api/v1/persons?q=" .. urlencode(line) .. "&limit=20" end
end
if #queries == 0 then error("no queries in " .. path) end
local headers = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_SEARCH_TOKEN") or "") }

setup = lib.setup
init = lib.init

request = function()
   return wrk.format("GET", queries[math.random(#queries)], headers)
end

done = lib.done
