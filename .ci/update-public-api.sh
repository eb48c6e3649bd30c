#!/usr/bin/env bash
# Regenerates each library's PublicAPI.Unshipped.txt (src/*/PublicAPI.Unshipped.txt) from the analyzer's RS0016
# diagnostics, so that a deliberate public API change is one command and a visible diff. Review the diff before
# committing.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in src/*/PublicAPI.Unshipped.txt; do
  project=$(dirname "$f")
  printf '#nullable enable\n' > "$f"
  out=$(dotnet build "$project" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 || true)
  printf '%s\n' "$out" | grep -F "$project/" | grep -oE "RS0016: Symbol '[^']+'" | sed -E "s/RS0016: Symbol '(.*)'/\1/" | sort -u >> "$f" || true
  echo "wrote $(($(wc -l < "$f") - 1)) entries to $f"
done
