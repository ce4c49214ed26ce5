#!/usr/bin/env bash
# Builds the device benchmark as a self-contained, trimmed linux-x64 executable in artifacts/gpubench,
# for a GPU machine that has no .NET SDK. ILGPU's assemblies stay whole (see Diff.GpuBench.csproj).
#
#   bench/gpu/publish.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dotnet publish "$root/bench/Diff.GpuBench/Diff.GpuBench.csproj" -c Release -r linux-x64 \
    -p:TreatWarningsAsErrors=false -o "$root/artifacts/gpubench"
echo "published: $root/artifacts/gpubench/Diff.GpuBench ($(du -sh "$root/artifacts/gpubench" | cut -f1))"
