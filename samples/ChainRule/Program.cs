// The chain rule, from f(x) = x² to a three-layer network.
//
// PyTorch records a graph of operations while your code runs, and y.backward() walks it backwards.
// DiffGen reads your method when you build and writes the backward pass as C#: a method marked
// [Differentiable] gets a companion <Method>Gradient that returns the same value and adds dy/dx
// into the adjoint tensor you hand it. That adjoint plays the role of x.grad.

using System;
using System.Globalization;
using System.IO;
using Diff;
using Diff.NN;

namespace Samples.ChainRule;

public static partial class ChainRuleSample
{
    // f(x) = x². The generator adds: static Tensor FGradient(Tensor x, Tensor? dX)
    [Differentiable]
    static Tensor F(Tensor x) => x.Pow(2);

    // y = net(x). A Module argument gets no adjoint parameter: the gradients of its weights go to
    // each Parameter.Grad. The generator adds: static Tensor NetGradient(Module net, Tensor x, Tensor? dX)
    [Differentiable]
    static Tensor Net(Module net, Tensor x) => net.Forward(x);

    /// <summary>The quantities the sample prints.</summary>
    public sealed record Result(
        Tensor X, Tensor Y, Tensor DyDx,
        Tensor NetInput, Tensor NetOutput, Tensor NetDyDx, Tensor FirstLayerWeightGrad,
        Sequential Network);

    static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Run(Console.Out);
    }

    /// <summary>Runs the sample, writing what it prints to <paramref name="output"/>.</summary>
    public static Result Run(TextWriter output)
    {
        var generator = new Generator(0);   // fixed seed: the same numbers on every run

        // A tensor of 10 uniform random numbers in [0, 1).
        // PyTorch: a = torch.rand(10)
        Tensor a = Tensor.Rand(new[] { 10 }, generator);
        output.WriteLine($"a = {a}");

        // PyTorch needs a.requires_grad = True before it tracks a tensor. DiffGen has no such flag:
        // every Tensor parameter of a [Differentiable] method is differentiated unless it is marked
        // [NoDiff], and nothing is tracked at run time at all.
        output.WriteLine();

        // f(x) = x² at x = 1, and f'(x) = 2x.
        // PyTorch: x = torch.tensor(1.0, requires_grad=True); y = f(x); y.backward(); x.grad
        Tensor x = Tensor.Scalar(1f);
        Tensor dX = Tensor.ZerosLike(x);    // the x.grad slot; adjoints accumulate, so start at zero
        Tensor y = FGradient(x, dX);        // forward and backward in one call
        output.WriteLine($"y = f(x) = {y}");
        output.WriteLine($"x.grad = f'(x) = {dX}");
        output.WriteLine();

        // The same idea for a three-layer network.
        // PyTorch: f = nn.Sequential(nn.Linear(10,32), nn.ReLU(), nn.Linear(32,32), nn.ReLU(), nn.Linear(32,1))
        var net = new Sequential(
            new Linear(10, 32, generator: generator),
            new ReLU(),
            new Linear(32, 32, generator: generator),
            new ReLU(),
            new Linear(32, 1, generator: generator));

        Tensor input = Tensor.Rand(new[] { 1, 10 }, generator);
        Tensor dInput = Tensor.ZerosLike(input);        // will hold dy/dx
        Tensor netOutput = NetGradient(net, input, dInput);
        output.WriteLine($"y is {netOutput}");
        output.WriteLine();
        output.WriteLine($"dy/dx is {dInput}");
        output.WriteLine();

        // The same call filled the .Grad of every weight. PyTorch: W1 = f[0].weight; W1.grad
        // Rows whose hidden unit the ReLU switched off are zero: no gradient flows through them.
        var firstLayer = (Linear)net[0];
        Tensor w1Grad = firstLayer.Weight.Grad!;
        output.WriteLine($"W1.grad = {w1Grad}");

        return new Result(x, y, dX, input, netOutput, dInput, w1Grad, net);
    }
}
