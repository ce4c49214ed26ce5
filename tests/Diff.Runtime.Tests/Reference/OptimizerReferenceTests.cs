using System.Collections.Generic;
using System.Text.Json;
using Diff.NN;
using Diff.Optim;

namespace Diff.Runtime.Tests.Reference;

/// <summary>
/// Optimizer trajectories: one parameter vector, five fixed gradients, the parameter after each
/// step, against PyTorch's <c>torch.optim</c> with the same options.
/// </summary>
public class OptimizerReferenceTests
{
    private static JsonElement Data => ReferenceData.Root.GetProperty("optimizers");

    public static IEnumerable<object[]> Names => ReferenceData.Names(Data.GetProperty("cases"));

    /// <summary>The runtime's optimizer for a stored case, with every option passed explicitly.</summary>
    internal static Optimizer Create(string kind, JsonElement options, IEnumerable<Parameter> parameters)
    {
        double F(string name) => options.GetProperty(name).GetDouble();
        bool B(string name) => options.GetProperty(name).GetBoolean();
        return kind switch
        {
            "SGD" => new SGD(parameters, lr: F("lr"), momentum: F("momentum"), dampening: F("dampening"),
                             weightDecay: F("weight_decay"), nesterov: B("nesterov")),
            "Adam" => new Adam(parameters, lr: F("lr"), beta1: Beta(options, 0), beta2: Beta(options, 1),
                               eps: F("eps"), weightDecay: F("weight_decay")),
            "AdamW" => new AdamW(parameters, lr: F("lr"), beta1: Beta(options, 0), beta2: Beta(options, 1),
                                 eps: F("eps"), weightDecay: F("weight_decay")),
            "RMSprop" => new RMSprop(parameters, lr: F("lr"), alpha: F("alpha"), eps: F("eps"),
                                     weightDecay: F("weight_decay"), momentum: F("momentum"), centered: B("centered")),
            _ => throw new ArgumentException($"No optimizer named '{kind}'."),
        };
    }

    private static double Beta(JsonElement options, int index) => options.GetProperty("betas")[index].GetDouble();

    [Theory]
    [MemberData(nameof(Names))]
    public void Trajectory_matches(string name)
    {
        JsonElement c = ReferenceData.Named(Data.GetProperty("cases"), name);
        Parameter p = new Parameter(ReferenceData.Tensor(Data.GetProperty("initial")));
        Optimizer optimizer = Create(c.GetProperty("optimizer").GetString()!, c.GetProperty("options"), new[] { p });

        int step = 0;
        foreach (JsonElement expected in c.GetProperty("params_after_step").EnumerateArray())
        {
            optimizer.ZeroGrad();
            p.AccumulateGrad(ReferenceData.Tensor(Data.GetProperty("grads")[step]));
            optimizer.Step();
            step++;
            Close.Tensor(expected, p.Value, $"{name}: parameter after step {step}");
        }
    }
}

/// <summary>Learning-rate schedules over 12 steps from a base rate of 0.1.</summary>
public class SchedulerReferenceTests
{
    private static JsonElement Cases => ReferenceData.Root.GetProperty("schedulers");

    [Fact]
    public void StepLR_sequence_matches()
    {
        JsonElement c = ReferenceData.Named(Cases, "StepLR");
        JsonElement o = c.GetProperty("options");
        SGD optimizer = new SGD(new[] { new Parameter(Tensor.Zeros(1)) }, lr: c.GetProperty("base_lr").GetDouble());
        StepLR scheduler = new StepLR(optimizer, stepSize: o.GetProperty("step_size").GetInt32(),
                                      gamma: o.GetProperty("gamma").GetDouble());
        Check(c, optimizer, scheduler);
    }

    [Fact]
    public void CosineAnnealingLR_sequence_matches()
    {
        JsonElement c = ReferenceData.Named(Cases, "CosineAnnealingLR");
        JsonElement o = c.GetProperty("options");
        SGD optimizer = new SGD(new[] { new Parameter(Tensor.Zeros(1)) }, lr: c.GetProperty("base_lr").GetDouble());
        CosineAnnealingLR scheduler = new CosineAnnealingLR(optimizer, tMax: o.GetProperty("T_max").GetInt32(),
                                                            etaMin: o.GetProperty("eta_min").GetDouble());
        Check(c, optimizer, scheduler);
    }

    /// <summary>Index 0 is the rate before any step; index i the rate after the i-th scheduler step.</summary>
    private static void Check(JsonElement c, Optimizer optimizer, LRScheduler scheduler)
    {
        double[] expected = ReferenceData.Doubles(c.GetProperty("lr_before_step_and_after_each"));
        string name = c.GetProperty("name").GetString()!;
        Close.Scalar(expected[0], optimizer.LearningRate, $"{name}: rate before the first step");
        for (int i = 1; i < expected.Length; i++)
        {
            optimizer.Step();
            scheduler.Step();
            Close.Scalar(expected[i], optimizer.LearningRate, $"{name}: rate after scheduler step {i}");
            Close.Scalar(expected[i], scheduler.LastLearningRate, $"{name}: LastLearningRate after scheduler step {i}");
        }
    }
}
