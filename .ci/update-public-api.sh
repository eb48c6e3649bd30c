#!/usr/bin/env bash
# Regenerates src/Ras.Engine/PublicAPI.Unshipped.txt from the analyzer's RS0016/RS0017 diagnostics, so that a
# deliberate public API change is one command and a visible diff. Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
f=src/Ras.Engine/PublicAPI.Unshipped.txt
printf '#nullable enable\n' > "$f"
out=$(dotnet build src/Ras.Engine --no-incremental -p:TreatWarningsAsErrors=false 2>&1 || true)
printf '%s\n' "$out" | grep -oE "RS0016: Symbol '[^']+'" | sed -E "s/RS0016: Symbol '(.*)'/\1/" | sort -u >> "$f"
echo "wrote $(($(wc -l < "$f") - 1)) entries to $f"
