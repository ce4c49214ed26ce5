#!/usr/bin/env bash
# Runs the published device benchmark (bench/gpu/publish.sh) and the same host-twin checks on the best
# device: the command for a machine with a GPU. Prints the table recorded in docs/benchmarks.md.
#
#   bench/gpu/run-on-device.sh [--elements N] [--repeats R]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/artifacts/gpubench/Diff.GpuBench" "$@"
