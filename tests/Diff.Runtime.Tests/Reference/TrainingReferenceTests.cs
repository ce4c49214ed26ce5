using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;
using Diff.NN;
using Diff.Optim;

namespace Diff.Runtime.Tests.Reference;

/// <summary>
/// Linear(4, 16) − ReLU − Linear(16, 3) with cross-entropy, trained full-batch for 100 steps on 32
/// stored samples from stored initial weights, against the same run in PyTorch.
/// </summary>
/// <remarks>
/// Tolerance: every step's loss within 1e-4 absolute (all losses are below 1.2), every final weight
/// within 1e-4·max(1, |w|). The PyTorch script checks that its float32 run stays within 1e-5 of the
/// same run in double, so these bounds leave room for a different but sound float32 summation order.
/// </remarks>
public class TrainingReferenceTests
{
    private readonly ITestOutputHelper _output;

    public TrainingReferenceTests(ITestOutputHelper output) => _output = output;

    private static JsonElement Data => ReferenceData.Root.GetProperty("training");

    public static IEnumerable<object[]> Names => ReferenceData.Names(Data.GetProperty("runs"));

    private static Sequential MakeModel()
    {
        Sequential model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
        Dictionary<string, Tensor> state = new Dictionary<string, Tensor>();
        foreach (JsonProperty entry in Data.GetProperty("initial_state").EnumerateObject())
        {
            state[entry.Name] = ReferenceData.Tensor(entry.Value);
        }

        model.LoadStateDict(state);
        return model;
    }

    [Fact]
    public void Model_has_PyTorch_parameter_names()
    {
        string[] names = MakeModel().NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, names);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Losses_at_every_step_and_final_weights_match(string name)
    {
        JsonElement run = ReferenceData.Named(Data.GetProperty("runs"), name);
        Sequential model = MakeModel();
        Tensor x = ReferenceData.Tensor(Data.GetProperty("input"));
        int[] target = ReferenceData.Ints(Data.GetProperty("target"));
        JsonElement options = run.GetProperty("options");
        Optimizer optimizer = run.GetProperty("optimizer").GetString() switch
        {
            "SGD" => new SGD(model.Parameters(), lr: options.GetProperty("lr").GetDouble(),
                             momentum: options.GetProperty("momentum").GetDouble()),
            "Adam" => new Adam(model.Parameters(), lr: options.GetProperty("lr").GetDouble()),
            var other => throw new ArgumentException($"No optimizer named '{other}'."),
        };

        double[] expected = ReferenceData.Doubles(run.GetProperty("loss_at_step"));
        double[] actual = new double[expected.Length];
        for (int step = 0; step < expected.Length; step++)
        {
            optimizer.ZeroGrad();
            actual[step] = ReferenceModels.TrainingLossGradient(model, x, target).Item();
            optimizer.Step();
        }

        StringBuilder failures = new StringBuilder();
        double worst = 0;
        for (int step = 0; step < expected.Length; step++)
        {
            double difference = Math.Abs(actual[step] - expected[step]);
            worst = Math.Max(worst, difference);
            if (!(difference <= Close.Training) && failures.Length < 2000)
            {
                failures.Append(CultureInfo.InvariantCulture,
                    $"\n  step {step + 1}: expected {expected[step]:R}, actual {actual[step]:R}, difference {difference:E2}");
            }
        }

        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: largest loss difference over {expected.Length} steps {worst:E2}; last loss {actual[^1]:R} (PyTorch {expected[^1]:R})"));
        Assert.True(failures.Length == 0,
            $"{name}: losses differ by more than {Close.Training} (worst {worst:E2}):{failures}");

        Dictionary<string, Tensor> final = model.StateDict();
        double worstWeight = 0;
        foreach (JsonProperty entry in run.GetProperty("final_state").EnumerateObject())
        {
            Tensor value = final[entry.Name];
            float[] want = ReferenceData.Floats(entry.Value);
            float[] got = value.ToArray();
            for (int i = 0; i < want.Length; i++)
            {
                double bound = Close.Training * Math.Max(1.0, Math.Abs(want[i]));
                worstWeight = Math.Max(worstWeight, Math.Abs(got[i] - want[i]));
                Assert.True(Math.Abs(got[i] - want[i]) <= bound,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{name}: final {entry.Name}[{i}] expected {want[i]:R}, actual {got[i]:R}"));
            }
        }

        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: largest final weight difference {worstWeight:E2}"));
    }
}
