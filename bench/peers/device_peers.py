"""The device peers of Diff.GpuBench's tensor measurements, in PyTorch on the same GPU.

An MLP training step (784-1024-1024-10, batch 512, cross-entropy, SGD with momentum 0.9), sgemm at
4096 x 4096 (torch.matmul in float32, TF32 off), and ReLU against a device copy. Each figure is the
median of synchronised repeats after a warm-up, as in Diff.GpuBench.

    python3 bench/peers/device_peers.py [--repeats R]
"""
import argparse
import statistics
import time

import torch
from torch import nn


def median_seconds(run, repeats):
    run()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("PyTorch sees no CUDA device; nothing to compare")
        return

    torch.backends.cuda.matmul.allow_tf32 = False
    device = torch.device("cuda")
    print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}")

    n = 1 << 26
    x = torch.randn(n, device=device)
    y = torch.randn(n, device=device)
    copy = median_seconds(lambda: x.clone(), args.repeats)
    print("| op (PyTorch) | bytes/element | median | GB/s | of copy |")
    print("|---|---:|---:|---:|---:|")
    for name, size, run in [("copy (clone)", 8, lambda: x.clone()), ("relu", 8, lambda: torch.relu(x)),
                            ("x * y", 12, lambda: x * y), ("x * 0.5", 8, lambda: x * 0.5), ("tanh", 8, lambda: torch.tanh(x))]:
        seconds = copy if name.startswith("copy") else median_seconds(run, args.repeats)
        bandwidth = size * n / seconds
        print(f"| {name} | {size} | {seconds * 1e3:.3f} ms | {bandwidth / 1e9:.1f} | {bandwidth / (8 * n / copy):.0%} |")

    m = 4096
    a = torch.randn(m, m, device=device)
    b = torch.randn(m, m, device=device)
    seconds = median_seconds(lambda: torch.matmul(a, b), args.repeats)
    print(f"| sgemm {m}² (torch.matmul) | {seconds * 1e3:.3f} ms | {2.0 * m ** 3 / seconds / 1e9:.0f} GFLOP/s |")

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    inputs = torch.randn(512, 784, device=device)
    labels = torch.arange(512, device=device) % 10
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), labels)
        loss.backward()
        optimizer.step()

    for _ in range(20):
        step()
    seconds = median_seconds(step, max(args.repeats, 20))
    print(f"| MLP step 784-1024-1024-10, batch 512 (PyTorch) | {seconds * 1e3:.3f} ms |")


if __name__ == "__main__":
    main()
