#!/usr/bin/env bash
# One MLP training step (784-256-128-10, batch 64, cross-entropy, SGD with momentum 0.9),
# DiffGen against PyTorch, one after the other in one run.
#
#   bench/run-mlp-step.sh [BenchmarkDotNet options, e.g. --job short]
#
# 1. MlpStepBenchmarks (BenchmarkDotNet, with allocated bytes per step and Min/Median columns); it also
#    runs batch 256 and the wider 784-1024-1024-10 net at batch 256, which have no PyTorch peer here.
# 2. bench/peers/mlp_step.py with as many threads as processors (DiffGen's kernel uses them all),
#    then with one thread, since PyTorch's intra-op threads do not always pay off at this size.
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

echo "== BenchmarkDotNet: DiffGen training step"
dotnet run -c Release --project "$root/bench/Diff.Benchmarks" -- --filter '*MlpStepBenchmarks*' "$@"

echo
echo "== PyTorch training step (${threads} threads)"
"$python" "$root/bench/peers/mlp_step.py" --threads "$threads"

if [[ "$threads" != 1 ]]; then
    echo
    echo "== PyTorch training step (1 thread)"
    "$python" "$root/bench/peers/mlp_step.py" --threads 1
fi
