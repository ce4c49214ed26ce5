"""A 3x3 convolution's forward and backward pass in PyTorch, the peer of Conv2dBenchmarks.

Conv2d(3, 64, 3, padding=1) on a 32x3x32x32 batch: the output and the gradients of the input, the
weight and the bias for an upstream gradient. Prints the best mean time per pass over several
timeit repeats, after a warm-up, for forward+backward and for the forward pass alone.

    python3 bench/peers/conv2d_step.py [--threads N] [--steps S] [--repeats R]
"""
import argparse
import os
import timeit

import torch
from torch import nn


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="intra-op threads (default: one per processor, as DiffGen's kernels use)")
    parser.add_argument("--steps", type=int, default=20, help="passes per timed repeat")
    parser.add_argument("--repeats", type=int, default=10, help="timed repeats; the best is reported")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 64, 3, padding=1)
    x = torch.randn(32, 3, 32, 32, requires_grad=True)
    upstream = torch.randn(32, 64, 32, 32)

    def forward_backward():
        conv.zero_grad(set_to_none=True)
        x.grad = None
        conv(x).backward(upstream)

    def forward():
        with torch.no_grad():
            conv(x)

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"mkldnn {'on' if torch.backends.mkldnn.is_available() else 'off'}")
    for name, fn in [("forward+backward", forward_backward), ("forward", forward)]:
        for _ in range(args.steps):
            fn()
        times = timeit.repeat(fn, number=args.steps, repeat=args.repeats)
        best = min(times) / args.steps
        print(f"PyTorch Conv2d {name}: {best * 1e3:.3f} ms (best of {args.repeats} x {args.steps})")


if __name__ == "__main__":
    main()
