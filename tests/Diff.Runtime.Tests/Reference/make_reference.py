#!/usr/bin/env python3
"""Computes reference numbers with PyTorch (float32, CPU) for the runtime tests.

Run once from this folder:  python3 make_reference.py
It writes pytorch_reference.json next to itself (the "nn" section also writes conv_batchnorm.safetensors,
a PyTorch checkpoint with BatchNorm buffers). With --only NAME[,NAME...] it recomputes only those
top-level sections and keeps every other section of the existing file byte for byte (matrix
products may round differently on another CPU, and committed numbers should not churn). The tests never run Python: they read the JSON.

Every input (data, initial weights, upstream gradients) is drawn here from a fixed seed and stored
in the JSON, so the C# side starts from exactly the same numbers. Tensors are stored as
{"shape": [...], "data": [...]} with the data flat and row-major; each number is written as the
shortest decimal that reads back as the same float32.
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(20240611)
torch.set_default_dtype(torch.float32)
torch.set_num_threads(1)


def f32(v):
    """The shortest decimal that reads back as the same float32 ("NaN" as a string: JSON has no NaN)."""
    if math.isnan(v):
        return "NaN"
    return float(str(np.float32(v)))


def tensor(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [f32(v) for v in t.reshape(-1).tolist()]}


def ints(t):
    return [int(v) for v in t.reshape(-1).tolist()]


def leaf(t):
    return t.detach().clone().requires_grad_(True)


# ---------------------------------------------------------------------------------------------
# Linear layer [4,5] -> 3
# ---------------------------------------------------------------------------------------------
def linear_case():
    layer = nn.Linear(5, 3)
    x = leaf(torch.randn(4, 5))
    upstream = torch.randn(4, 3)
    weight0 = layer.weight.detach().clone()
    bias0 = layer.bias.detach().clone()

    out = layer(x)
    out.sum().backward()
    sum_grads = {"weight": tensor(layer.weight.grad), "bias": tensor(layer.bias.grad),
                 "input": tensor(x.grad)}

    layer.zero_grad()
    x.grad = None
    out = layer(x)
    out.backward(upstream)
    up_grads = {"weight": tensor(layer.weight.grad), "bias": tensor(layer.bias.grad),
                "input": tensor(x.grad)}

    return {
        "input": tensor(x),
        "weight": tensor(weight0),
        "bias": tensor(bias0),
        "output": tensor(out),
        "sum": {"loss": f32(out.sum().item()), "grads": sum_grads},
        "upstream": {"gradient": tensor(upstream), "grads": up_grads},
    }


# ---------------------------------------------------------------------------------------------
# Losses, mean reduction: value and gradient of the input
# ---------------------------------------------------------------------------------------------
def loss_case(name, loss, inp, target, target_is_int=False):
    x = leaf(inp)
    value = loss(x, target)
    value.backward()
    return {
        "name": name,
        "loss": type(loss).__name__,
        "input": tensor(inp),
        "target": ints(target) if target_is_int else tensor(target),
        "target_is_int": target_is_int,
        "value": f32(value.item()),
        "input_grad": tensor(x.grad),
    }


def loss_cases():
    cases = []
    cases.append(loss_case("MSELoss", nn.MSELoss(), torch.randn(4, 3), torch.randn(4, 3)))
    cases.append(loss_case("L1Loss", nn.L1Loss(), torch.randn(4, 3), torch.randn(4, 3)))
    cases.append(loss_case("BCELoss", nn.BCELoss(),
                           torch.sigmoid(torch.randn(4, 3)), torch.rand(4, 3)))
    cases.append(loss_case("BCELoss_binary_targets", nn.BCELoss(),
                           torch.sigmoid(torch.randn(6)), (torch.rand(6) > 0.5).float()))
    cases.append(loss_case("BCEWithLogitsLoss", nn.BCEWithLogitsLoss(),
                           3 * torch.randn(4, 3), torch.rand(4, 3)))
    cases.append(loss_case("CrossEntropyLoss", nn.CrossEntropyLoss(),
                           2 * torch.randn(5, 4), torch.randint(0, 4, (5,)), True))
    cases.append(loss_case("NLLLoss", nn.NLLLoss(),
                           torch.log_softmax(torch.randn(5, 4), dim=1),
                           torch.randint(0, 4, (5,)), True))

    # Large logits, where a naive formula overflows: drawn from their own generator so that the
    # cases above keep their numbers.
    g = torch.Generator().manual_seed(7)
    cases.append(loss_case("CrossEntropyLoss_large_logits", nn.CrossEntropyLoss(),
                           40 * torch.randn(6, 5, generator=g), torch.randint(0, 5, (6,), generator=g),
                           True))
    cases.append(loss_case("BCEWithLogitsLoss_large_logits", nn.BCEWithLogitsLoss(),
                           40 * torch.randn(4, 3, generator=g), torch.rand(4, 3, generator=g)))
    return cases


# ---------------------------------------------------------------------------------------------
# Softmax / LogSoftmax over dim 1: values and vector-Jacobian products
# ---------------------------------------------------------------------------------------------
def softmax_cases():
    x0 = 2 * torch.randn(4, 5)
    upstream = torch.randn(4, 5)
    out = {"input": tensor(x0), "upstream": tensor(upstream)}
    for name, fn in (("softmax", lambda t: torch.softmax(t, dim=1)),
                     ("log_softmax", lambda t: torch.log_softmax(t, dim=1))):
        x = leaf(x0)
        y = fn(x)
        y.backward(upstream)
        out[name] = {"value": tensor(y), "vjp": tensor(x.grad)}
    return out


# ---------------------------------------------------------------------------------------------
# Optimizers: one parameter vector, five fixed gradients, the parameter after each step
# ---------------------------------------------------------------------------------------------
OPTIMIZERS = [
    ("SGD_plain", "SGD", {"lr": 0.1}),
    ("SGD_momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD_momentum_dampening", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1}),
    ("SGD_nesterov", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD_weight_decay", "SGD", {"lr": 0.1, "weight_decay": 0.01}),
    ("Adam_default", "Adam", {"lr": 0.001}),
    ("Adam_lr0.1", "Adam", {"lr": 0.1}),
    ("Adam_weight_decay", "Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("AdamW_default", "AdamW", {"lr": 0.001}),
    ("AdamW_lr0.1", "AdamW", {"lr": 0.1}),
    ("RMSprop_default", "RMSprop", {"lr": 0.01}),
    ("RMSprop_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("RMSprop_centered", "RMSprop", {"lr": 0.01, "centered": True}),
]

# The defaults PyTorch uses for the options a case does not set; stored so the C# side can pass
# every option explicitly.
DEFAULTS = {
    "SGD": {"momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False},
    "Adam": {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0},
    "AdamW": {"betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01},
    "RMSprop": {"alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0,
                "centered": False},
}


def optimizer_cases():
    p0 = torch.randn(6)
    grads = [torch.randn(6) for _ in range(5)]
    cases = []
    for case_name, kind, opts in OPTIMIZERS:
        p = leaf(p0)
        opt = getattr(torch.optim, kind)([p], **opts)
        trajectory = []
        for g in grads:
            opt.zero_grad()
            p.grad = g.clone()
            opt.step()
            trajectory.append(tensor(p))
        options = dict(DEFAULTS[kind])
        options.update(opts)
        cases.append({"name": case_name, "optimizer": kind, "options": options,
                      "params_after_step": trajectory})
    return {"initial": tensor(p0), "grads": [tensor(g) for g in grads], "cases": cases}


def scheduler_cases():
    out = []
    for name, make in (
            ("StepLR", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
            ("CosineAnnealingLR",
             lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001))):
        p = leaf(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=0.1)
        sched = make(opt)
        lrs = [opt.param_groups[0]["lr"]]
        for _ in range(12):
            opt.step()
            sched.step()
            lrs.append(opt.param_groups[0]["lr"])
        out.append({"name": name, "base_lr": 0.1,
                    "options": {"step_size": 3, "gamma": 0.5} if name == "StepLR"
                    else {"T_max": 10, "eta_min": 0.001},
                    "lr_before_step_and_after_each": lrs})
    return out


# ---------------------------------------------------------------------------------------------
# Training: Linear(4,16)-ReLU-Linear(16,3), CrossEntropyLoss, 32 samples, full batch, 100 steps
# ---------------------------------------------------------------------------------------------
def make_net(state, dtype=torch.float32):
    net = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3)).to(dtype)
    net.load_state_dict({k: v.to(dtype) for k, v in state.items()})
    return net


def train(state, x, y, make_opt, steps=100, dtype=torch.float32):
    net = make_net(state, dtype)
    opt = make_opt(net.parameters())
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(net(x.to(dtype)), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, net.state_dict()


def training_cases():
    init = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    state = {k: v.detach().clone() for k, v in init.state_dict().items()}
    x = torch.randn(32, 4)
    mix = torch.randn(4, 3)
    y = (x @ mix + 0.3 * torch.randn(32, 3)).argmax(dim=1)

    runs = []
    for name, make_opt, opts in (
            ("SGD_momentum", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
             {"lr": 0.1, "momentum": 0.9}),
            ("Adam", lambda ps: torch.optim.Adam(ps, lr=0.01), {"lr": 0.01})):
        losses, final = train(state, x, y, make_opt)
        # Sanity check, not stored: the same run in double must stay close, or float32 rounding
        # in another implementation could not be expected to reproduce these losses to 1e-4.
        losses64, _ = train(state, x, y, make_opt, dtype=torch.float64)
        drift = max(abs(a - b) for a, b in zip(losses, losses64))
        print(f"training {name}: first loss {losses[0]:.6f}, last {losses[-1]:.6f}, "
              f"float32 vs float64 max loss difference {drift:.2e}")
        assert drift < 1e-5, drift
        runs.append({"name": name, "optimizer": "SGD" if name.startswith("SGD") else "Adam",
                     "options": opts, "steps": 100,
                     "loss_at_step": [f32(v) for v in losses],
                     "final_state": {k: tensor(v) for k, v in final.items()}})
    return {"architecture": "Sequential(Linear(4,16), ReLU(), Linear(16,3)), CrossEntropyLoss, "
                            "full batch; loss_at_step[i] is the loss before step i+1",
            "input": tensor(x), "target": ints(y),
            "initial_state": {k: tensor(v) for k, v in state.items()},
            "runs": runs}


# ---------------------------------------------------------------------------------------------
# The seed tutorials' deterministic quantities (random inputs drawn here and stored)
# ---------------------------------------------------------------------------------------------
def seed_cases():
    out = {}

    # y = 2x: one gradient-descent step on m.
    x = torch.tensor([1.0, 2.0, 3.0])
    y = torch.tensor([2.0, 4.0, 6.0])
    m = torch.tensor(1.0, requires_grad=True)
    loss = ((m * x - y) ** 2).mean()
    loss.backward()
    out["y_equals_2x"] = {"x": tensor(x), "y": tensor(y), "m": 1.0, "lr": 0.01,
                          "loss": f32(loss.item()), "m_grad": f32(m.grad.item()),
                          "m_after_step": f32((m - 0.01 * m.grad).item())}

    # z = mean(2 (x + 2)^2) with the tutorial's printed x.
    x = torch.tensor([0.8894, -0.1854, -1.1037], requires_grad=True)
    z = (2 * (x + 2) ** 2).mean()
    z.backward()
    out["mean_2_y_squared"] = {"x": tensor(x), "z": f32(z.item()), "x_grad": tensor(x.grad)}

    # y = x^2 at 5; y = sum(x^2) at [1, 2, 3].
    x = torch.tensor(5.0, requires_grad=True)
    (x ** 2).backward()
    v = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    s = (v ** 2).sum()
    s.backward()
    out["squares"] = {"scalar_x": 5.0, "scalar_y": 25.0, "scalar_grad": f32(x.grad.item()),
                      "vector_x": tensor(v), "vector_y": f32(s.item()),
                      "vector_grad": tensor(v.grad)}

    # var_1 * var_2, then one SGD step with momentum.
    a = torch.tensor(3.0, requires_grad=True)
    b = torch.tensor(4.0, requires_grad=True)
    (a * b).backward()
    grads = [f32(a.grad.item()), f32(b.grad.item())]
    opt = torch.optim.SGD([a, b], lr=1e-2, momentum=0.9)
    opt.step()
    out["product_sgd"] = {"var_1": 3.0, "var_2": 4.0, "grads": grads, "lr": 0.01,
                          "momentum": 0.9, "after_step": [f32(a.item()), f32(b.item())]}

    # Linear regression y = W x with MSE, one gradient step, and the new loss.
    x = torch.tensor([1.0, 2.0, 4.0])
    y_true = torch.tensor([1.0, 2.0, 3.0, 4.0])
    w0 = torch.randn(4, 3)
    w = leaf(w0)
    loss = ((torch.matmul(w, x) - y_true) ** 2).mean()
    loss.backward()
    w1 = w.detach() - w.grad * 0.03
    loss1 = ((torch.matmul(w1, x) - y_true) ** 2).mean()
    out["linear_regression"] = {"x": tensor(x), "y_true": tensor(y_true), "W": tensor(w0),
                                "loss": f32(loss.item()), "W_grad": tensor(w.grad), "lr": 0.03,
                                "W_after_step": tensor(w1), "loss_after_step": f32(loss1.item())}

    # Two layers: y2 = W2 relu(W1 x), MSE.
    w1_0 = torch.randn(4, 3)
    w2_0 = torch.rand(4, 4)
    w1 = leaf(w1_0)
    w2 = leaf(w2_0)
    y1 = torch.matmul(w1, x)
    a1 = torch.relu(y1)
    y2 = torch.matmul(w2, a1)
    loss = ((y2 - y_true) ** 2).mean()
    loss.backward()
    out["two_layer"] = {"x": tensor(x), "y_true": tensor(y_true), "W1": tensor(w1_0),
                        "W2": tensor(w2_0), "y1": tensor(y1), "a1": tensor(a1), "y2": tensor(y2),
                        "loss": f32(loss.item()), "W1_grad": tensor(w1.grad),
                        "W2_grad": tensor(w2.grad)}

    # One layer with binary_cross_entropy_with_logits: z = x @ w + b.
    x = torch.ones(5)
    y = torch.zeros(3)
    w0 = torch.randn(5, 3)
    b0 = torch.randn(3)
    w = leaf(w0)
    b = leaf(b0)
    z = torch.matmul(x, w) + b
    loss = F.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    out["bce_logits_layer"] = {"x": tensor(x), "y": tensor(y), "w": tensor(w0), "b": tensor(b0),
                               "z": tensor(z), "loss": f32(loss.item()),
                               "w_grad": tensor(w.grad), "b_grad": tensor(b.grad)}
    return out


# ---------------------------------------------------------------------------------------------
# Slicing, joining and indexing ops: forward value and the gradient of sum(out * upstream) for
# every float input. Each case draws from its own generator, so adding cases never changes others.
# ---------------------------------------------------------------------------------------------
def indexing_cases():
    g = torch.Generator().manual_seed(1213)

    def rnd(*shape):
        return torch.randn(*shape, generator=g)

    def index_tensor(values, shape):
        return torch.tensor(values, dtype=torch.int64).reshape(shape)

    cases = []

    def case(name, fn, inputs, extra=None):
        leaves = [leaf(t) for t in inputs]
        out = fn(*leaves)
        upstream = rnd(*out.shape)
        (out * upstream).sum().backward()
        entry = {"name": name, "inputs": [tensor(t) for t in inputs], "upstream": tensor(upstream),
                 "output": tensor(out), "grads": [tensor(t.grad) for t in leaves]}
        if extra:
            entry.update(extra)
        cases.append(entry)

    case("narrow", lambda x: x.narrow(1, 1, 3), [rnd(3, 5)])
    case("slice_step", lambda x: x[:, 1:6:2], [rnd(4, 6)])
    case("select", lambda x: x.select(1, -1), [rnd(3, 4, 2)])
    case("indexer", lambda x: x[:, 1:3, -1], [rnd(2, 4, 5)])
    case("permute", lambda x: x.permute(2, 0, 1), [rnd(2, 3, 4)])
    case("transpose", lambda x: x.transpose(0, 2), [rnd(2, 3, 4)])
    case("flatten", lambda x: torch.flatten(x, 1), [rnd(2, 3, 4)])
    case("cat", lambda a, b: torch.cat((a, b), 1), [rnd(2, 3), rnd(2, 2)])
    case("stack", lambda a, b: torch.stack((a, b), 1), [rnd(2, 3), rnd(2, 3)])
    idx = [2, 0, 2]
    case("index_select", lambda x: x.index_select(0, torch.tensor(idx)), [rnd(4, 3)], {"index": idx})
    gidx = [3, 3, 0, 1, 2, 0]
    case("gather", lambda x: torch.gather(x, 1, index_tensor(gidx, (3, 2))), [rnd(3, 4)],
         {"index": gidx, "index_shape": [3, 2]})
    sidx = [2, 0, 1, 2, 0, 2, 2, 0]
    case("scatter", lambda x, src: x.scatter(0, index_tensor(sidx, (2, 4)), src), [rnd(3, 4), rnd(2, 4)],
         {"index": sidx, "index_shape": [2, 4]})
    aidx = [2, 2, 1, 0, 2, 1, 1, 0]
    case("scatter_add", lambda x, src: x.scatter_add(0, index_tensor(aidx, (2, 4)), src),
         [rnd(3, 4), rnd(2, 4)], {"index": aidx, "index_shape": [2, 4]})
    mask = [1.0, 0.0, 0.0, 1.0]
    case("masked_fill", lambda x: x.masked_fill(torch.tensor(mask) != 0, -0.5), [rnd(3, 4)], {"mask": mask})
    cond = [1.0, 0.0, 1.0]
    case("where", lambda a, b: torch.where(torch.tensor(cond).reshape(3, 1) != 0, a, b), [rnd(3, 4), rnd(4)],
         {"mask": cond, "mask_shape": [3, 1]})
    return cases


# ---------------------------------------------------------------------------------------------
# More schedulers: the learning rate (and the cycled momentum or beta1) after construction and
# after each step. ReduceLROnPlateau steps with the stored metrics.
# ---------------------------------------------------------------------------------------------
def more_scheduler_cases():
    S = torch.optim.lr_scheduler
    out = []

    def momentum_of(opt):
        group = opt.param_groups[0]
        return group["betas"][0] if "betas" in group else group["momentum"]

    def run(name, make_opt, make_sched, steps, metrics=None):
        p = leaf(torch.zeros(1))
        opt = make_opt([p])
        sched = make_sched(opt)
        lrs = [opt.param_groups[0]["lr"]]
        momenta = [momentum_of(opt)]
        for i in range(steps):
            opt.step()
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[i])
            lrs.append(opt.param_groups[0]["lr"])
            momenta.append(momentum_of(opt))
        entry = {"name": name, "lrs": lrs, "momenta": momenta}
        if metrics is not None:
            entry["metrics"] = metrics
        out.append(entry)

    sgd = lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)
    adam = lambda ps: torch.optim.Adam(ps, lr=0.01)
    run("LinearLR_default", sgd, lambda o: S.LinearLR(o), 8)
    run("LinearLR_warmup", sgd, lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4), 8)
    run("LinearLR_decay", sgd, lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=6), 8)
    run("LambdaLR", sgd, lambda o: S.LambdaLR(o, lambda e: 0.95 ** e), 8)
    run("OneCycleLR_default", sgd, lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=20), 20)
    run("OneCycleLR_linear_three_phase", sgd,
        lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=25, pct_start=0.25, anneal_strategy="linear",
                               three_phase=True, div_factor=10.0, final_div_factor=100.0), 25)
    run("OneCycleLR_adam", adam, lambda o: S.OneCycleLR(o, max_lr=0.01, total_steps=10), 10)
    losses = [1.0, 0.8, 0.79, 0.85, 0.9, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.6, 0.61, 0.62, 0.63]
    run("ReduceLROnPlateau_min", sgd,
        lambda o: S.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, threshold=0.05, cooldown=1),
        len(losses), losses)
    accuracies = [0.5, 0.6, 0.6, 0.61, 0.6, 0.7, 0.7, 0.7, 0.7, 0.705, 0.71, 0.71]
    run("ReduceLROnPlateau_max_abs", sgd,
        lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.2, patience=1, threshold=0.01,
                                      threshold_mode="abs", min_lr=0.005),
        len(accuracies), accuracies)
    return out


# ---------------------------------------------------------------------------------------------
# Layers, activations and losses of the nn family. Own seed, so the entries above stay identical.
# ---------------------------------------------------------------------------------------------
def grads_case(fn, inputs, upstream_shape=None):
    """Runs fn on leaf copies of inputs; returns the output and the gradients of (out * upstream).sum()."""
    leaves = [leaf(t) for t in inputs]
    out = fn(*leaves)
    upstream = torch.randn(out.shape) if upstream_shape is None else torch.ones(upstream_shape)
    (out * upstream).sum().backward()
    return out, upstream, [l.grad for l in leaves]


def conv2d_cases():
    configs = [
        # name, N, C, H, W, O, kernel, stride, padding, dilation, groups, bias
        ("plain", 2, 3, 7, 6, 4, (3, 3), (1, 1), (1, 1), (1, 1), 1, True),
        ("strided_dilated_grouped", 2, 4, 9, 8, 6, (3, 2), (2, 1), (1, 2), (2, 1), 2, True),
        ("depthwise_no_bias", 1, 3, 5, 5, 3, (2, 2), (2, 2), (0, 1), (1, 1), 3, False),
    ]
    out = {}
    for name, n, c, h, w, o, k, s, p, d, g, bias in configs:
        layer = nn.Conv2d(c, o, k, stride=s, padding=p, dilation=d, groups=g, bias=bias)
        x = torch.randn(n, c, h, w)
        params = [layer.weight.detach().clone()] + ([layer.bias.detach().clone()] if bias else [])
        fn = lambda x_, w_, *b_: F.conv2d(x_, w_, b_[0] if b_ else None, s, p, d, g)
        y, up, grads = grads_case(fn, [x] + params)
        entry = {"N": n, "C": c, "O": o, "kernel": list(k), "stride": list(s), "padding": list(p),
                 "dilation": list(d), "groups": g, "input": tensor(x), "weight": tensor(params[0]),
                 "upstream": tensor(up), "output": tensor(y), "input_grad": tensor(grads[0]),
                 "weight_grad": tensor(grads[1])}
        if bias:
            entry["bias"] = tensor(params[1])
            entry["bias_grad"] = tensor(grads[2])
        out[name] = entry
    return out


def conv1d_case():
    layer = nn.Conv1d(4, 6, 3, stride=2, padding=1, dilation=2, groups=2)
    x = torch.randn(2, 4, 11)
    w0, b0 = layer.weight.detach().clone(), layer.bias.detach().clone()
    y, up, grads = grads_case(lambda a, b, c: F.conv1d(a, b, c, 2, 1, 2, 2), [x, w0, b0])
    return {"stride": 2, "padding": 1, "dilation": 2, "groups": 2, "input": tensor(x), "weight": tensor(w0),
            "bias": tensor(b0), "upstream": tensor(up), "output": tensor(y), "input_grad": tensor(grads[0]),
            "weight_grad": tensor(grads[1]), "bias_grad": tensor(grads[2])}


def pooling_cases():
    x = torch.randn(2, 3, 7, 9)
    out = {"input": tensor(x)}
    cases = {
        "max_k3_s2_p1_ceil": lambda t: F.max_pool2d(t, 3, 2, 1, 1, ceil_mode=True),
        "max_k2_dilation2": lambda t: F.max_pool2d(t, 2, 1, 0, 2),
        "avg_k3_s2_p1_include_pad": lambda t: F.avg_pool2d(t, 3, 2, 1, count_include_pad=True),
        "avg_k3_s2_p1_exclude_pad_ceil": lambda t: F.avg_pool2d(t, 3, 2, 1, ceil_mode=True, count_include_pad=False),
        "adaptive_3x4": lambda t: F.adaptive_avg_pool2d(t, (3, 4)),
    }
    for name, fn in cases.items():
        y, up, grads = grads_case(fn, [x])
        out[name] = {"upstream": tensor(up), "output": tensor(y), "input_grad": tensor(grads[0])}
    # Ties: every window of a constant plane has its maximum at its first element.
    ties = torch.ones(1, 1, 4, 4)
    y, up, grads = grads_case(lambda t: F.max_pool2d(t, 2, 1), [ties])
    out["max_ties"] = {"input": tensor(ties), "upstream": tensor(up), "output": tensor(y), "input_grad": tensor(grads[0])}
    return out


def batchnorm_cases():
    out = {}
    for name, shape in [("bn2d", (4, 3, 5, 5)), ("bn1d_2d", (6, 4)), ("bn1d_3d", (3, 4, 5))]:
        c = shape[1]
        layer = nn.BatchNorm2d(c) if len(shape) == 4 else nn.BatchNorm1d(c)
        with torch.no_grad():
            layer.weight.copy_(torch.rand(c) + 0.5)
            layer.bias.copy_(torch.randn(c))
        w0, b0 = layer.weight.detach().clone(), layer.bias.detach().clone()
        first = torch.randn(shape) * 2 + 1
        layer.train()
        layer(first)
        x = leaf(torch.randn(shape) * 1.5 - 0.5)
        y = layer(x)
        up = torch.randn(y.shape)
        (y * up).sum().backward()
        entry = {"weight": tensor(w0), "bias": tensor(b0), "first_batch": tensor(first), "input": tensor(x),
                 "upstream": tensor(up), "train_output": tensor(y), "train_input_grad": tensor(x.grad),
                 "train_weight_grad": tensor(layer.weight.grad), "train_bias_grad": tensor(layer.bias.grad),
                 "running_mean": tensor(layer.running_mean), "running_var": tensor(layer.running_var),
                 "num_batches_tracked": int(layer.num_batches_tracked.item())}
        layer.eval()
        layer.zero_grad()
        xe = leaf(x.detach())
        ye = layer(xe)
        (ye * up).sum().backward()
        entry.update({"eval_output": tensor(ye), "eval_input_grad": tensor(xe.grad),
                      "eval_weight_grad": tensor(layer.weight.grad), "eval_bias_grad": tensor(layer.bias.grad)})
        out[name] = entry
    return out


def layernorm_case():
    layer = nn.LayerNorm([3, 4])
    with torch.no_grad():
        layer.weight.copy_(torch.randn(3, 4))
        layer.bias.copy_(torch.randn(3, 4))
    x = torch.randn(2, 5, 3, 4) * 3 + 1
    w0, b0 = layer.weight.detach().clone(), layer.bias.detach().clone()
    y, up, grads = grads_case(lambda a, b, c: F.layer_norm(a, [3, 4], b, c, 1e-5), [x, w0, b0])
    return {"normalized_shape": [3, 4], "input": tensor(x), "weight": tensor(w0), "bias": tensor(b0),
            "upstream": tensor(up), "output": tensor(y), "input_grad": tensor(grads[0]),
            "weight_grad": tensor(grads[1]), "bias_grad": tensor(grads[2])}


def embedding_case():
    weight = torch.randn(6, 3)
    idx = torch.tensor([[1, 4, 1], [0, 5, 1]])
    w = leaf(weight)
    y = F.embedding(idx, w, padding_idx=1)
    up = torch.randn(y.shape)
    (y * up).sum().backward()
    return {"indices": {"shape": list(idx.shape), "data": ints(idx)}, "padding_idx": 1, "weight": tensor(weight),
            "upstream": tensor(up), "output": tensor(y), "weight_grad": tensor(w.grad)}


def activation_cases():
    # Kinks and special points included: 0 for all, the Hardtanh bounds, Softplus's threshold.
    x = torch.tensor([-6.0, -3.0, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 1.0, 2.5, 3.0, 6.0, 12.0])
    cases = {
        "gelu": lambda t: F.gelu(t),
        "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"),
        "leaky_relu": lambda t: F.leaky_relu(t, 0.1),
        "elu": lambda t: F.elu(t, 1.5),
        "silu": lambda t: F.silu(t),
        "softplus": lambda t: F.softplus(t),
        "softplus_beta2_threshold5": lambda t: F.softplus(t, 2.0, 5.0),
        "logsigmoid": lambda t: F.logsigmoid(t),
        "hardtanh": lambda t: F.hardtanh(t),
        "hardtanh_0.5_3": lambda t: F.hardtanh(t, 0.5, 3.0),
        "relu": lambda t: F.relu(t),
    }
    out = {"input": tensor(x)}
    for name, fn in cases.items():
        y, _, grads = grads_case(fn, [x], upstream_shape=x.shape)
        out[name] = {"output": tensor(y), "input_grad": tensor(grads[0])}
    return out


def nn_loss_cases():
    out = {}
    x = torch.randn(4, 3)
    t = x.detach().clone()
    t[0, 0] += 0.5      # |d| = delta for the Huber and smooth L1 cases below
    t[1, 1] -= 0.5
    t[2, 2] += 2.0
    t[3, 0] -= 0.2      # t[*] elsewhere equals x: d = 0, the quadratic's bottom
    for red in ["mean", "sum", "none"]:
        for name, fn in {
            "mse": lambda a, b: F.mse_loss(a, b, reduction=red),
            "huber_delta0.5": lambda a, b: F.huber_loss(a, b, reduction=red, delta=0.5),
            "smooth_l1_beta0.5": lambda a, b: F.smooth_l1_loss(a, b, reduction=red, beta=0.5),
            "smooth_l1_beta0": lambda a, b: F.smooth_l1_loss(a, b, reduction=red, beta=0.0),
        }.items():
            y, up, grads = grads_case(fn, [x, t])
            out[name + "_" + red] = {"input": tensor(x), "target": tensor(t), "upstream": tensor(up),
                                     "output": tensor(y), "input_grad": tensor(grads[0]),
                                     "target_grad": tensor(grads[1])}

    logits = torch.randn(5, 4)
    logits[2, 1] = 0.0
    logits[3] = 0.0    # logits of exactly 0: BCE's kink in the composed formula
    probs = torch.rand(5, 4)
    probs[0, 0] = 1.0
    probs[1, 2] = 0.0
    pos_weight = torch.tensor([1.0, 2.0, 0.5, 3.0])
    for red in ["mean", "sum", "none"]:
        for name, pw in [("bce_logits", None), ("bce_logits_pos_weight", pos_weight)]:
            y, up, grads = grads_case(lambda a, b: F.binary_cross_entropy_with_logits(a, b, pos_weight=pw, reduction=red),
                                      [logits, probs])
            entry = {"input": tensor(logits), "target": tensor(probs), "upstream": tensor(up), "output": tensor(y),
                     "input_grad": tensor(grads[0]), "target_grad": tensor(grads[1])}
            if pw is not None:
                entry["pos_weight"] = tensor(pw)
            out[name + "_" + red] = entry

    scores = torch.randn(6, 5)
    targets = torch.tensor([0, 3, -100, 4, 1, 3])
    for red in ["mean", "sum", "none"]:
        for smoothing in [0.0, 0.25]:
            y, up, grads = grads_case(
                lambda a: F.cross_entropy(a, targets, ignore_index=-100, reduction=red, label_smoothing=smoothing), [scores])
            out[f"cross_entropy_ls{smoothing}_{red}"] = {
                "input": tensor(scores), "targets": ints(targets), "ignore_index": -100, "label_smoothing": smoothing,
                "upstream": tensor(up), "output": tensor(y), "input_grad": tensor(grads[0])}
    y, up, grads = grads_case(lambda a: F.cross_entropy(a, torch.tensor([2, 2, 0, 1, 2, 4]), ignore_index=2), [scores])
    out["cross_entropy_ignore2_mean"] = {"input": tensor(scores), "targets": [2, 2, 0, 1, 2, 4], "ignore_index": 2,
                                         "label_smoothing": 0.0, "upstream": tensor(up), "output": tensor(y),
                                         "input_grad": tensor(grads[0])}

    log_q = F.log_softmax(torch.randn(3, 4), 1)
    p = F.softmax(torch.randn(3, 4), 1)
    p[0, 1] = 0.0     # 0 · log 0 = 0
    for red in ["mean", "batchmean", "sum", "none"]:
        for log_target in [False, True]:
            target = p.clamp_min(1e-3).log() if log_target else p
            y, up, grads = grads_case(lambda a, b: F.kl_div(a, b, reduction=red, log_target=log_target), [log_q, target])
            out[f"kl_div_{red}_{'log' if log_target else 'prob'}"] = {
                "input": tensor(log_q), "target": tensor(target), "log_target": log_target, "upstream": tensor(up),
                "output": tensor(y), "input_grad": tensor(grads[0]), "target_grad": tensor(grads[1])}
    return out


def write_safetensors(path, named):
    """A minimal safetensors writer (the format is a JSON header and raw little-endian data)."""
    header, blobs, offset = {}, [], 0
    for name, t in named:
        t = t.detach().contiguous()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for b in blobs:
            f.write(b)


def checkpoint_case():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU())
    model.train()
    for _ in range(3):
        model(torch.randn(4, 1, 6, 6))
    model.eval()
    x = torch.randn(2, 1, 6, 6)
    y = model(x)
    state = model.state_dict()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv_batchnorm.safetensors")
    write_safetensors(path, list(state.items()))
    return {"keys": list(state.keys()), "dtypes": [str(v.dtype) for v in state.values()],
            "state": {k: (int(v.item()) if v.dtype == torch.int64 else tensor(v)) for k, v in state.items()},
            "input": tensor(x), "eval_output": tensor(y)}


def nn_cases():
    torch.manual_seed(1213)
    return {
        "conv2d": conv2d_cases(),
        "conv1d": conv1d_case(),
        "pooling": pooling_cases(),
        "batchnorm": batchnorm_cases(),
        "layernorm": layernorm_case(),
        "embedding": embedding_case(),
        "activations": activation_cases(),
        "losses": nn_loss_cases(),
        "checkpoint": checkpoint_case(),
    }


SECTIONS = {
    "linear": linear_case,
    "losses": loss_cases,
    "softmax": softmax_cases,
    "optimizers": optimizer_cases,
    "schedulers": scheduler_cases,
    "training": training_cases,
    "seeds": seed_cases,
    "indexing": indexing_cases,
    "more_schedulers": more_scheduler_cases,
    "nn": nn_cases,
}


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pytorch_reference.json")
    only = None
    if len(sys.argv) == 3 and sys.argv[1] == "--only":
        only = sys.argv[2].split(",")
        unknown = [name for name in only if name not in SECTIONS]
        assert not unknown, f"unknown sections: {unknown}"
    if only is None:
        reference = {"generated_by": "make_reference.py, PyTorch " + torch.__version__ + ", float32, CPU"}
        # The sections draw from the global seed in this order, so they always run in this order.
        for name, make in SECTIONS.items():
            reference[name] = make()
    else:
        with open(path) as f:
            reference = json.load(f)
        for name in only:
            reference[name] = SECTIONS[name]()
    with open(path, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
