#!/usr/bin/env bash
# Regenerates src/Diff.Runtime/PublicAPI.Unshipped.txt from the current sources.
#
# Diff.Runtime's public API is reviewed with Microsoft.CodeAnalysis.PublicApiAnalyzers: every public
# symbol must be listed in PublicAPI.Shipped.txt (released) or PublicAPI.Unshipped.txt (since the
# last release), or the build warns with RS0016 (an error in CI). The generator's own output (the
# Gradient, Pullback, Record and Reverse companions of the runtime's layers and losses) is public API
# too, and `dotnet format` does not edit generated files, so this script reads the analyzer's own
# messages instead: it empties the Unshipped file, rebuilds, and writes back every symbol RS0016
# names. Run it after adding, renaming or removing public API, and review the diff.
#
# Usage: eng/update-public-api.sh            (from anywhere; needs the .NET SDK)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
project=src/Diff.Runtime/Diff.Runtime.csproj
unshipped=src/Diff.Runtime/PublicAPI.Unshipped.txt
log="$(mktemp "${TMPDIR:-/tmp}/public-api.XXXXXX")"
trap 'rm -f "$log"' EXIT

printf '#nullable enable\n' > "$unshipped"

# A full rebuild, so that every warning is reported again; warnings stay warnings here.
if ! dotnet build "$project" --no-incremental -nologo -v:q -p:TreatWarningsAsErrors=false >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: the build failed; fix it first, then rerun $0" >&2
    exit 1
fi

grep -o "warning RS0016: Symbol '.*' is not part of the declared public API" "$log" \
    | sed -e "s/^warning RS0016: Symbol '//" -e "s/' is not part of the declared public API\$//" \
    | LC_ALL=C sort -u >> "$unshipped" || true

count=$(($(wc -l < "$unshipped") - 1))
echo "$unshipped: $count symbols"

# A symbol removed since the last release is listed in PublicAPI.Shipped.txt; removing it is a
# breaking change, which the analyzer reports as RS0017 and which needs a deliberate edit
# (prefix the Shipped line with *REMOVED* in the Unshipped file).
if grep -q "warning RS0017" "$log"; then
    echo "Shipped symbols that no longer exist (RS0017); record each removal by hand:" >&2
    grep -o "warning RS0017: .*" "$log" | sed 's/ \[.*\]$//' | LC_ALL=C sort -u >&2
    exit 2
fi
