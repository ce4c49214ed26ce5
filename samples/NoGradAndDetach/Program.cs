// A one-layer network with a binary cross-entropy loss; then no_grad and detach.
//
// PyTorch keeps a graph of every operation on a tensor with requires_grad=True, and torch.no_grad()
// or .detach() switch that bookkeeping off. DiffGen keeps no graph at run time: the generator
// writes the backward pass of each [Differentiable] method as a separate method when you build.
// So "no_grad" is simply calling the method itself, and "detach" is passing a value in as [NoDiff].

using System;
using System.Globalization;
using System.IO;
using Diff;
using Diff.NN;

namespace Samples.NoGradAndDetach;

public static partial class NoGradAndDetachSample
{
    // z = x @ w + b. x is the input data, so it is [NoDiff].
    [Differentiable]
    static Tensor Logits([NoDiff] Tensor x, Tensor w, Tensor b) => Tensor.MatMul(x, w) + b;

    // The loss. The generator adds
    //   LossGradient(Tensor x, Tensor y, Tensor w, Tensor b, Tensor? dW, Tensor? dB)
    // which is what PyTorch's grad_fn chain does at run time, written out as C# at build time.
    [Differentiable]
    static Tensor Loss([NoDiff] Tensor x, [NoDiff] Tensor y, Tensor w, Tensor b) =>
        Functional.BCEWithLogitsLoss(Logits(x, w, b), y);

    // Freezing a parameter: b is [NoDiff] here, so the generator computes no gradient for it and
    // LossWithFrozenBiasGradient has only dW. PyTorch: b.requires_grad_(False), or b.detach().
    [Differentiable]
    static Tensor LossWithFrozenBias([NoDiff] Tensor x, [NoDiff] Tensor y, Tensor w, [NoDiff] Tensor b) =>
        Functional.BCEWithLogitsLoss(Logits(x, w, b), y);

    /// <summary>The quantities the sample prints.</summary>
    public sealed record Result(
        Tensor X, Tensor Y, Tensor W, Tensor B, Tensor Z, Tensor Loss, Tensor WGrad, Tensor BGrad,
        Tensor ZNoGrad, Tensor FrozenWGrad);

    static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Run(Console.Out);
    }

    /// <summary>Runs the sample, writing what it prints to <paramref name="output"/>.</summary>
    public static Result Run(TextWriter output)
    {
        var generator = new Generator(0);
        Tensor x = Tensor.Ones(new[] { 5 });                    // input
        Tensor y = Tensor.Zeros(new[] { 3 });                   // expected output
        Tensor w = Tensor.Randn(new[] { 5, 3 }, generator);     // PyTorch: torch.randn(5, 3, requires_grad=True)
        Tensor b = Tensor.Randn(new[] { 3 }, generator);

        // PyTorch prints z.grad_fn and loss.grad_fn, the recorded graph. Here the backward pass is a
        // method the generator wrote; nothing is recorded while z is computed.
        output.WriteLine($"Gradient function for z = {nameof(LogitsPullback)} (written at build time)");
        output.WriteLine($"Gradient function for loss = {nameof(LossGradient)} (written at build time)");
        output.WriteLine();

        // PyTorch: loss.backward(); print(w.grad); print(b.grad)
        Tensor dW = Tensor.ZerosLike(w);
        Tensor dB = Tensor.ZerosLike(b);
        Tensor loss = LossGradient(x, y, w, b, dW, dB);
        Tensor z = Logits(x, w, b);
        output.WriteLine($"z = {z}");
        output.WriteLine($"loss = {loss}");
        output.WriteLine($"w.grad = {dW}");     // every row equals b.grad, because x is all ones
        output.WriteLine($"b.grad = {dB}");     // (sigmoid(z) - y) / 3
        output.WriteLine();

        // --- no_grad ------------------------------------------------------------------------------
        // PyTorch:  with torch.no_grad(): z = torch.matmul(x, w) + b
        // DiffGen:  call Logits itself. The original method is untouched by the generator: it
        // computes the value and nothing else, so it costs what the plain arithmetic costs.
        // A DiffGen tensor has no requires_grad flag to print: which gradients are computed is
        // decided by the method you call, Logits (none) or LogitsPullback / LossGradient (some).
        Tensor zNoGrad = Logits(x, w, b);
        output.WriteLine($"z from Logits (no gradient, nothing recorded) = {zNoGrad}");

        // --- detach -------------------------------------------------------------------------------
        // PyTorch:  z_det = z.detach()
        // DiffGen:  a tensor computed outside a [Differentiable] method is already detached: it is
        // just a value. Inside one, stop a gradient by passing the value in as a [NoDiff] parameter.
        // Here b is frozen that way: w gets exactly the gradient it got before, b gets none.
        Tensor frozenDW = Tensor.ZerosLike(w);
        LossWithFrozenBiasGradient(x, y, w, b, frozenDW);
        output.WriteLine($"w.grad with b frozen = {frozenDW}");

        return new Result(x, y, w, b, z, loss, dW, dB, zNoGrad, frozenDW);
    }
}
