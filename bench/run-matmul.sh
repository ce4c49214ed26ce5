#!/usr/bin/env bash
# Square float32 matrix products, DiffGen against OpenBLAS, side by side.
#
#   bench/run-matmul.sh [BenchmarkDotNet options, e.g. --job short]
#
# 1. MatMulBenchmarks (BenchmarkDotNet): DiffGen's kernel and OpenBLAS's cblas_sgemm (called
#    in-process through P/Invoke) for N = 256, 512, 1024, 2048, in one table with a GFLOP/s column.
#    Both use one thread per processor; the benchmark sets OpenBLAS's count itself.
# 2. bench/peers/sgemm.c: the same products from a plain C program, with OPENBLAS_NUM_THREADS set to
#    the processor count unless already set, to show that calling OpenBLAS from .NET costs nothing.
#
# OpenBLAS picks its kernel for the processor itself: both commands run without OPENBLAS_CORETYPE and
# OPENBLAS_L2_SIZE (which may be set in the environment to force a kernel), and both print the kernel.
#
# Needs libopenblas-dev (Debian) and a C compiler.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$(nproc)}"

echo "== BenchmarkDotNet: DiffGen and OpenBLAS (${OPENBLAS_NUM_THREADS} threads) in one run"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    dotnet run -c Release --project "$root/bench/Diff.Benchmarks" -- --filter '*MatMulBenchmarks*' "$@"

echo
echo "== C peer: cblas_sgemm, OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cc -O2 "$root/bench/peers/sgemm.c" -o "$work/sgemm" -lopenblas
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$work/sgemm" 256 512 1024 2048
