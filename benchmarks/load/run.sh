#!/usr/bin/env bash
# The service's load figures (docs/performance.md): single allocations at 50 concurrent clients (wrk), and
# rows per second through the streamed batch route (curl). Needs wrk and curl (apt-get install -y wrk curl).
# Usage, from the repository root: benchmarks/load/run.sh [rows]   (100000 batch rows by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-100000}
port=5091
work=$(mktemp -d)
dotnet build src/Ras.Service -c Release -v q >/dev/null
dotnet run --project src/Ras.Cli -c Release -- generate --count "$rows" --seed 7 --out "$work/caseload.jsonl" >/dev/null
Logging__LogLevel__Default=Warning dotnet src/Ras.Service/bin/Release/net10.0/Ras.Service.dll --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Ras.Service" >"$work/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

echo "== single allocations: wrk -t2 -c50 -d30s (after a 10 s warm-up)"
RAS_SAMPLE=samples/assessment.json wrk -t2 -c50 -d10s -s benchmarks/load/allocate.lua "http://127.0.0.1:$port/v1/allocations" >/dev/null
RAS_SAMPLE=samples/assessment.json wrk -t2 -c50 -d30s --latency -s benchmarks/load/allocate.lua "http://127.0.0.1:$port/v1/allocations"

echo "== batch: $rows JSON Lines rows"
curl -fs -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$work/caseload.jsonl" "http://127.0.0.1:$port/v1/allocations/batch" -o /dev/null # warm-up
start=$(date +%s.%N)
curl -fs -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$work/caseload.jsonl" "http://127.0.0.1:$port/v1/allocations/batch" -o "$work/results.jsonl"
end=$(date +%s.%N)
out=$(wc -l < "$work/results.jsonl")
awk -v n="$out" -v s="$start" -v e="$end" 'BEGIN { printf "%d result lines in %.2f s: %.0f rows/s\n", n, e - s, n / (e - s) }'
