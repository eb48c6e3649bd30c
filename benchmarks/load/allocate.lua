-- wrk script: POST the sample assessment to /v1/allocations (one allocation per request, no explanation).
local f = assert(io.open(os.getenv("RAS_SAMPLE") or "samples/assessment.json", "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
