using System.Collections.Generic;
using System.Text.Json;
using Diff.NN;
using Diff.Optim;

namespace Diff.Runtime.Tests.Reference;

/// <summary>LinearLR, LambdaLR, OneCycleLR and ReduceLROnPlateau against PyTorch's learning rates and momenta, step by step.</summary>
public class MoreSchedulerReferenceTests
{
    private static JsonElement Cases => ReferenceData.Root.GetProperty("more_schedulers");

    public static IEnumerable<object[]> Names => ReferenceData.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Learning_rates_and_momenta_match(string name)
    {
        JsonElement c = ReferenceData.Named(Cases, name);
        double[] lrs = ReferenceData.Doubles(c.GetProperty("lrs"));
        double[] momenta = ReferenceData.Doubles(c.GetProperty("momenta"));
        Parameter[] parameters = { new(Tensor.Zeros(1)) };
        Optimizer optimizer = name == "OneCycleLR_adam"
            ? new Adam(parameters, lr: 0.01)
            : new SGD(parameters, lr: 0.1, momentum: 0.9);
        Func<double> momentum = optimizer is Adam adam ? () => adam.Beta1 : () => ((SGD)optimizer).Momentum;

        Action<int> step;
        switch (name)
        {
            case "ReduceLROnPlateau_min":
            case "ReduceLROnPlateau_max_abs":
            {
                double[] metrics = ReferenceData.Doubles(c.GetProperty("metrics"));
                ReduceLROnPlateau plateau = name.EndsWith("min", StringComparison.Ordinal)
                    ? new ReduceLROnPlateau(optimizer, PlateauMode.Min, factor: 0.5, patience: 2, threshold: 0.05, cooldown: 1)
                    : new ReduceLROnPlateau(optimizer, PlateauMode.Max, factor: 0.2, patience: 1, threshold: 0.01, thresholdMode: ThresholdMode.Abs, minLr: 0.005);
                step = i => plateau.Step(metrics[i]);
                break;
            }

            default:
            {
                LRScheduler scheduler = name switch
                {
                    "LinearLR_default" => new LinearLR(optimizer),
                    "LinearLR_warmup" => new LinearLR(optimizer, startFactor: 0.25, endFactor: 1.0, totalIters: 4),
                    "LinearLR_decay" => new LinearLR(optimizer, startFactor: 1.0, endFactor: 0.1, totalIters: 6),
                    "LambdaLR" => new LambdaLR(optimizer, e => Math.Pow(0.95, e)),
                    "OneCycleLR_default" => new OneCycleLR(optimizer, maxLr: 0.1, totalSteps: 20),
                    "OneCycleLR_linear_three_phase" => new OneCycleLR(optimizer, maxLr: 0.5, totalSteps: 25, pctStart: 0.25,
                        annealStrategy: AnnealStrategy.Linear, threePhase: true, divFactor: 10.0, finalDivFactor: 100.0),
                    "OneCycleLR_adam" => new OneCycleLR(optimizer, maxLr: 0.01, totalSteps: 10),
                    _ => throw new InvalidOperationException($"No C# counterpart for the reference case '{name}'."),
                };
                step = _ => scheduler.Step();
                break;
            }
        }

        for (int i = 0; i < lrs.Length; i++)
        {
            if (i > 0)
            {
                step(i - 1);
            }

            // PyTorch's chainable forms multiply step by step; the closed forms here differ by rounding only.
            // After its last step, PyTorch's linear one-cycle extrapolates below zero; here it stops at 0.
            Close.Scalar(Math.Max(lrs[i], 0), optimizer.LearningRate, $"{name}: learning rate after {i} steps", relative: 1e-12, absolute: 1e-15);
            Close.Scalar(momenta[i], momentum(), $"{name}: momentum after {i} steps", relative: 1e-12, absolute: 1e-15);
        }
    }

    [Fact]
    public void OneCycleLR_refuses_to_step_past_its_cycle()
    {
        var optimizer = new SGD(new[] { new Parameter(Tensor.Zeros(1)) }, lr: 0.1, momentum: 0.9);
        var scheduler = new OneCycleLR(optimizer, maxLr: 0.1, totalSteps: 3);
        for (int i = 0; i < 3; i++)
        {
            scheduler.Step();
        }

        Assert.Throws<InvalidOperationException>(scheduler.Step);
    }

    [Fact]
    public void OneCycleLR_turns_on_SGD_momentum_like_PyTorch()
    {
        var optimizer = new SGD(new[] { new Parameter(Tensor.Zeros(1)) }, lr: 0.1);
        // SGD always has a momentum (0 by default), as in PyTorch, so this works and turns momentum on.
        _ = new OneCycleLR(optimizer, maxLr: 0.1, totalSteps: 10);
        Assert.Equal(0.95, optimizer.Momentum);
    }

    [Fact]
    public void Optimizer_ToString_matches_PyTorch_repr_for_the_options_it_has()
    {
        Parameter[] p = { new(Tensor.Zeros(2)) };
        Assert.Equal(
            "SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n    momentum: 0.9\n    nesterov: False\n    weight_decay: 0\n)",
            new SGD(p, lr: 0.1, momentum: 0.9).ToString());
        Assert.Equal(
            "Adam (\nParameter Group 0\n    betas: (0.9, 0.999)\n    eps: 1e-08\n    lr: 0.001\n    weight_decay: 0\n)",
            new Adam(p).ToString());
        Assert.Equal(
            "AdamW (\nParameter Group 0\n    betas: (0.9, 0.999)\n    eps: 1e-08\n    lr: 0.001\n    weight_decay: 0.01\n)",
            new AdamW(p).ToString());
        Assert.Equal(
            "RMSprop (\nParameter Group 0\n    alpha: 0.99\n    centered: False\n    eps: 1e-08\n    lr: 0.01\n    momentum: 0\n    weight_decay: 0\n)",
            new RMSprop(p).ToString());
    }
}
