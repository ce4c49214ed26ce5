// Autograd by hand: two variables, gradient descent, an optimizer with momentum, and a Module.
//
// PyTorch builds a graph while var_1 * var_2 runs, and var_mult.backward() walks it. DiffGen writes
// that backward walk as C# when you build: mark the method [Differentiable] and call the generated
// <Method>Gradient, which adds each input's gradient into the adjoint tensor you pass for it.

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Diff;
using Diff.NN;
using Diff.Optim;

namespace Samples.AutogradByHand;

public static partial class AutogradByHandSample
{
    // var_mult = var_1 * var_2.
    // The generator adds: MultiplyGradient(Tensor var1, Tensor var2, Tensor? dVar1, Tensor? dVar2)
    [Differentiable]
    static Tensor Multiply(Tensor var1, Tensor var2) => var1 * var2;

    // How far the product is from the value we want; gradient descent makes it small.
    [Differentiable]
    static Tensor ProductError(Tensor var1, Tensor var2, [NoDiff] float target) => (var1 * var2 - target).Pow(2);

    // The same, over Parameters, so that an optimizer can update them. A Parameter argument gets
    // no adjoint: its gradient goes to its .Grad, where the optimizer reads it.
    [Differentiable]
    static Tensor ProductErrorOf(Parameter var1, Parameter var2, [NoDiff] float target) =>
        (var1.Value * var2.Value - target).Pow(2);

    // Three linear layers called one after another, and (output.sum() - 12) as the result.
    [Differentiable]
    static Tensor ChainedLayers(Linear m1, Linear m2, Linear m3, [NoDiff] Tensor input) =>
        m3.Forward(m2.Forward(m1.Forward(input))).Sum() - 12f;

    // A training loss for a whole network.
    [Differentiable]
    static Tensor Loss(Module model, [NoDiff] Tensor input, [NoDiff] Tensor target) =>
        Functional.MSELoss(model.Forward(input), target);

    /// <summary>The quantities the sample prints.</summary>
    public sealed record Result(
        Tensor Product, Tensor Grad1, Tensor Grad2,
        float[] HandDescentProducts,
        float[] MomentumVar1, float[] MomentumVar2,
        int[] LayerOutputShape, int[] ChainOutputShape, Tensor LastBiasGrad,
        int[] NetworkOutputShape, int ParameterTensors, float[] TrainingLosses);

    static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Run(Console.Out);
    }

    /// <summary>Runs the sample, writing what it prints to <paramref name="output"/>.</summary>
    public static Result Run(TextWriter output)
    {
        // --- Autograd -----------------------------------------------------------------------------
        // PyTorch: var_1 = torch.tensor(3.0, requires_grad=True); var_2 = torch.tensor(4.0, requires_grad=True)
        Tensor var1 = Tensor.Scalar(3f);
        Tensor var2 = Tensor.Scalar(4f);
        output.WriteLine($"({var1}, {var2})");

        // PyTorch: var_mult = var_1 * var_2; var_mult.backward(); var_1.grad; var_2.grad
        Tensor dVar1 = Tensor.ZerosLike(var1);
        Tensor dVar2 = Tensor.ZerosLike(var2);
        Tensor product = MultiplyGradient(var1, var2, dVar1, dVar2);
        output.WriteLine($"var_mult = {product}");      // 12
        output.WriteLine($"var_1.grad = {dVar1}");      // 4: one more unit of var_1 adds var_2 = 4
        output.WriteLine($"var_2.grad = {dVar2}");      // 3
        output.WriteLine();

        // --- Gradient descent, by hand ------------------------------------------------------------
        // Move var_1 and var_2 against their gradients until var_1 * var_2 is 6.
        const float target = 6f, learningRate = 0.01f;
        var handProducts = new float[30];
        Tensor v1 = var1, v2 = var2;
        for (int step = 0; step < handProducts.Length; step++)
        {
            Tensor d1 = Tensor.ZerosLike(v1), d2 = Tensor.ZerosLike(v2);   // zero_grad
            ProductErrorGradient(v1, v2, target, d1, d2);                   // backward
            v1 = v1 - d1 * learningRate;                                    // step
            v2 = v2 - d2 * learningRate;
            handProducts[step] = Multiply(v1, v2).Item();
            if (step < 3 || (step + 1) % 10 == 0)
            {
                output.WriteLine($"step {step + 1,3}: var_1 = {v1.Item():F4}, var_2 = {v2.Item():F4}, var_1 * var_2 = {handProducts[step]:F4}");
            }
        }
        output.WriteLine();

        // --- The same with an optimizer: SGD with momentum ----------------------------------------
        // PyTorch: optim = torch.optim.SGD([var_1, var_2], lr=1e-2, momentum=0.9)
        var p1 = new Parameter(Tensor.Scalar(3f));
        var p2 = new Parameter(Tensor.Scalar(4f));
        var sgd = new SGD(new[] { p1, p2 }, lr: 0.01, momentum: 0.9);
        // Momentum carries the variables past the target and back a few times before they settle.
        var momentum1 = new float[150];
        var momentum2 = new float[150];
        for (int step = 0; step < momentum1.Length; step++)
        {
            sgd.ZeroGrad();                          // clear the .Grad of each parameter
            ProductErrorOfGradient(p1, p2, target);  // fills p1.Grad and p2.Grad
            sgd.Step();                              // v = 0.9 v + grad; p -= 0.01 v
            momentum1[step] = p1.Value.Item();
            momentum2[step] = p2.Value.Item();
            if (step < 3 || (step + 1) % 25 == 0)
            {
                output.WriteLine($"step {step + 1,3}: var_1 = {momentum1[step]:F4}, var_2 = {momentum2[step]:F4}, var_1 * var_2 = {momentum1[step] * momentum2[step]:F4}");
            }
        }
        output.WriteLine();

        // --- Layers -------------------------------------------------------------------------------
        var generator = new Generator(0);
        var m = new Linear(20, 30, generator: generator);
        Tensor input = Tensor.Randn(new[] { 128, 20 }, generator);
        Tensor layerOutput = m.Forward(input);   // PyTorch: output = m(input)
        output.WriteLine($"output = {layerOutput}");
        output.WriteLine($"output.size() = [{string.Join(", ", layerOutput.Shape)}]");   // [128, 30]: 20 features in, 30 out
        output.WriteLine();

        var m1 = new Linear(20, 30, generator: generator);
        var m2 = new Linear(30, 30, generator: generator);
        var m3 = new Linear(30, 40, generator: generator);
        Tensor chained = m3.Forward(m2.Forward(m1.Forward(input)));
        output.WriteLine($"output.size() = [{string.Join(", ", chained.Shape)}]");       // [128, 40]

        // PyTorch: (output.sum() - 12).backward(). Each layer's weight and bias now has a .Grad.
        ChainedLayersGradient(m1, m2, m3, input);
        Tensor lastBiasGrad = m3.Bias!.Grad!;
        output.WriteLine($"m3.bias.grad = {lastBiasGrad}");   // 128 everywhere: the bias is added to each of 128 rows
        output.WriteLine();

        // --- A Module -----------------------------------------------------------------------------
        var network = new MyNetwork(generator);
        Tensor networkOutput = network.Forward(input);   // PyTorch: output = my_network(input)
        output.WriteLine($"output = {networkOutput}");

        // Parameters() finds every weight and bias of the registered layers, as in PyTorch.
        var parameters = network.Parameters().ToList();
        var optim = new SGD(parameters, lr: 0.01, momentum: 0.9);
        output.WriteLine($"SGD over {parameters.Count} parameter tensors: lr = 0.01, momentum = 0.9, dampening = 0, weight_decay = 0, nesterov = false");
        output.WriteLine();

        // --- Putting it together: a training loop -------------------------------------------------
        // Teach the network to imitate another linear map (a "teacher") on the same inputs.
        // PyTorch: optim.zero_grad(); loss = loss_fn(my_network(input), target); loss.backward(); optim.step()
        Tensor teacherOutput = new Linear(20, 40, generator: generator).Forward(input);
        var losses = new float[50];
        for (int step = 0; step < losses.Length; step++)
        {
            optim.ZeroGrad();
            losses[step] = LossGradient(network, input, teacherOutput).Item();
            optim.Step();
            if (step == 0 || (step + 1) % 10 == 0)
            {
                output.WriteLine($"step {step + 1,3}: loss = {losses[step]:F4}");
            }
        }

        return new Result(
            product, dVar1, dVar2, handProducts, momentum1, momentum2,
            layerOutput.Shape, chained.Shape, lastBiasGrad,
            networkOutput.Shape, parameters.Count, losses);
    }
}

/// <summary>Three linear layers, registered so that Parameters() finds their weights.</summary>
public sealed partial class MyNetwork : Module
{
    private readonly Linear m1;
    private readonly Linear m2;
    private readonly Linear m3;

    public MyNetwork(Generator generator)
    {
        // Layers are declared here and used in Forward. PyTorch: self.m1 = nn.Linear(20, 30)
        m1 = RegisterModule("m1", new Linear(20, 30, generator: generator));
        m2 = RegisterModule("m2", new Linear(30, 30, generator: generator));
        m3 = RegisterModule("m3", new Linear(30, 40, generator: generator));
    }

    // [Differentiable] on Forward: the generator writes its backward pass, so this network can sit
    // inside any other [Differentiable] computation, a loss or a bigger network.
    [Differentiable]
    public override Tensor Forward(Tensor x)
    {
        x = m1.Forward(x);
        x = m2.Forward(x);
        x = m3.Forward(x);
        return x;
    }
}
