"""One training step of a 784-256-128-10 MLP in PyTorch, the peer of MlpStepBenchmarks.

Batch 64, cross-entropy loss, SGD with learning rate 0.01 and momentum 0.9; one step is
zero_grad + forward + backward + step. Prints the best mean time per step over several
timeit repeats, after a warm-up.

    python3 bench/peers/mlp_step.py [--threads N] [--steps S] [--repeats R]
"""
import argparse
import os
import timeit

import torch
from torch import nn


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="intra-op threads (default: one per processor, as DiffGen's kernel uses)")
    parser.add_argument("--steps", type=int, default=200, help="steps per timed repeat")
    parser.add_argument("--repeats", type=int, default=10, help="timed repeats; the best is reported")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(),
        nn.Linear(256, 128), nn.ReLU(),
        nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(64, 784)
    y = torch.randint(0, 10, (64,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(args.steps):
        step()

    times = timeit.repeat(step, number=args.steps, repeat=args.repeats)
    best = min(times) / args.steps
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(f"PyTorch MLP step: {best * 1e3:.4f} ms/step (best of {args.repeats} x {args.steps} steps)")


if __name__ == "__main__":
    main()
