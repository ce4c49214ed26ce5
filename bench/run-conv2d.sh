#!/usr/bin/env bash
# A 3x3 convolution, 3 -> 64 channels, padding 1, on a 32x3x32x32 batch: forward and backward
# (input, weight and bias gradients), DiffGen against PyTorch, one after the other in one run.
#
#   bench/run-conv2d.sh [BenchmarkDotNet options, e.g. --job short]
#
# 1. Conv2dBenchmarks (BenchmarkDotNet, with allocated bytes per pass).
# 2. bench/peers/conv2d_step.py with as many threads as processors (DiffGen's kernels use them
#    all), then with one thread.
#
# Needs PyTorch (Debian: python3-torch). Set PYTHON to choose the interpreter; otherwise the first
# of python3 and /usr/bin/python3 that can import torch is used.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="$(nproc)"

python=""
for candidate in "${PYTHON:-}" python3 /usr/bin/python3; do
    if [[ -n "$candidate" ]] && "$candidate" -c 'import torch' 2>/dev/null; then
        python="$candidate"
        break
    fi
done
if [[ -z "$python" ]]; then
    echo "No Python with PyTorch found; install python3-torch or set PYTHON." >&2
    exit 1
fi

echo "== BenchmarkDotNet: DiffGen Conv2d"
dotnet run -c Release --project "$root/bench/Diff.Benchmarks" -- --filter '*Conv2dBenchmarks*' "$@"

echo
echo "== PyTorch Conv2d (${threads} threads)"
"$python" "$root/bench/peers/conv2d_step.py" --threads "$threads"

if [[ "$threads" != 1 ]]; then
    echo
    echo "== PyTorch Conv2d (1 thread)"
    "$python" "$root/bench/peers/conv2d_step.py" --threads 1
fi
