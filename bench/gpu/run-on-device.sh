#!/usr/bin/env bash
# Runs the published device benchmark (bench/gpu/publish.sh) on the best device: the kernels' adjoints
# against their host twins and the copy bandwidth, then device tensors (elementwise ops, sgemm through
# cuBLAS and the tiled kernel, an MLP training step). Then, in the same run, the PyTorch peers on the
# same GPU when the machine's python3 has torch. Prints the tables recorded in docs/benchmarks.md.
#
#   bench/gpu/run-on-device.sh [--elements N] [--repeats R]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/artifacts/gpubench/Diff.GpuBench" "$@"
status=$?
if command -v python3 >/dev/null && python3 -c "import torch" 2>/dev/null; then
    python3 "$root/bench/peers/device_peers.py"
else
    echo "python3 with torch not found: no PyTorch peers"
fi
exit $status
