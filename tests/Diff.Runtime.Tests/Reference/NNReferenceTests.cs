using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Diff.NN;

namespace Diff.Runtime.Tests.Reference;

/// <summary>
/// The nn family against PyTorch 1.13 (the "nn" section of the reference file): forward values,
/// input gradients and parameter gradients of convolutions, pooling, normalisation, embedding,
/// activations (at their kinks too) and losses in every reduction.
/// </summary>
public class NNReferenceTests
{
    // Sums of a few dozen products: a little looser than single elementwise operations.
    private const double Relative = 1e-4;
    private const double Absolute = 1e-5;

    private static JsonElement NN => ReferenceData.Root.GetProperty("nn");

    private static IEnumerable<object[]> KeysOf(string section, string? skip = null) =>
        NN.GetProperty(section).EnumerateObject().Where(p => p.Name != skip).Select(p => new object[] { p.Name });

    public static IEnumerable<object[]> Conv2dCases => KeysOf("conv2d");

    public static IEnumerable<object[]> PoolingCases => KeysOf("pooling", "input");

    public static IEnumerable<object[]> BatchNormCases => KeysOf("batchnorm");

    public static IEnumerable<object[]> ActivationCases => KeysOf("activations", "input");

    public static IEnumerable<object[]> LossCases => KeysOf("losses");

    private static void CopyInto(Parameter parameter, JsonElement values) =>
        ReferenceData.Floats(values).AsSpan().CopyTo(parameter.Value.AsSpan());

    private static int[] Pair(JsonElement element)
    {
        int[] values = ReferenceData.Ints(element);
        return values;
    }

    [Theory]
    [MemberData(nameof(Conv2dCases))]
    public void Conv2d_matches(string name)
    {
        JsonElement c = NN.GetProperty("conv2d").GetProperty(name);
        int[] k = Pair(c.GetProperty("kernel")), s = Pair(c.GetProperty("stride")), p = Pair(c.GetProperty("padding")), d = Pair(c.GetProperty("dilation"));
        bool bias = c.TryGetProperty("bias", out JsonElement biasValues);
        Conv2d layer = new Conv2d(c.GetProperty("C").GetInt32(), c.GetProperty("O").GetInt32(), (k[0], k[1]), (s[0], s[1]), (p[0], p[1]), (d[0], d[1]),
            c.GetProperty("groups").GetInt32(), bias, new Generator(1));
        CopyInto(layer.Weight, c.GetProperty("weight"));
        if (bias)
        {
            CopyInto(layer.Bias!, biasValues);
        }

        Tensor input = ReferenceData.Tensor(c.GetProperty("input"));
        Tensor dInput = Tensor.ZerosLike(input);
        Tensor output = layer.ForwardPullback(input, ReferenceData.Tensor(c.GetProperty("upstream")), dInput);

        Close.Tensor(c.GetProperty("output"), output, name + " output", Relative, Absolute);
        Close.Tensor(c.GetProperty("input_grad"), dInput, name + " input gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("weight_grad"), layer.Weight.Grad, name + " weight gradient", Relative, Absolute);
        if (bias)
        {
            Close.Tensor(c.GetProperty("bias_grad"), layer.Bias!.Grad, name + " bias gradient", Relative, Absolute);
        }
    }

    [Fact]
    public void Conv1d_matches()
    {
        JsonElement c = NN.GetProperty("conv1d");
        Conv1d layer = new Conv1d(4, 6, 3, c.GetProperty("stride").GetInt32(), c.GetProperty("padding").GetInt32(),
            c.GetProperty("dilation").GetInt32(), c.GetProperty("groups").GetInt32(), generator: new Generator(1));
        CopyInto(layer.Weight, c.GetProperty("weight"));
        CopyInto(layer.Bias!, c.GetProperty("bias"));
        Tensor input = ReferenceData.Tensor(c.GetProperty("input"));
        Tensor dInput = Tensor.ZerosLike(input);
        Tensor output = layer.ForwardPullback(input, ReferenceData.Tensor(c.GetProperty("upstream")), dInput);

        Close.Tensor(c.GetProperty("output"), output, "conv1d output", Relative, Absolute);
        Close.Tensor(c.GetProperty("input_grad"), dInput, "conv1d input gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("weight_grad"), layer.Weight.Grad, "conv1d weight gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("bias_grad"), layer.Bias!.Grad, "conv1d bias gradient", Relative, Absolute);
    }

    [Theory]
    [MemberData(nameof(PoolingCases))]
    public void Pooling_matches(string name)
    {
        JsonElement section = NN.GetProperty("pooling");
        JsonElement c = section.GetProperty(name);
        Module layer = name switch
        {
            "max_k3_s2_p1_ceil" => new MaxPool2d(3, 2, 1, ceilMode: true),
            "max_k2_dilation2" => new MaxPool2d(2, 1, 0, dilation: 2),
            "max_ties" => new MaxPool2d(2, 1),
            "avg_k3_s2_p1_include_pad" => new AvgPool2d(3, 2, 1),
            "avg_k3_s2_p1_exclude_pad_ceil" => new AvgPool2d(3, 2, 1, ceilMode: true, countIncludePad: false),
            "adaptive_3x4" => new AdaptiveAvgPool2d((3, 4)),
            _ => throw new ArgumentException(name),
        };
        Tensor input = ReferenceData.Tensor(c.TryGetProperty("input", out JsonElement own) ? own : section.GetProperty("input"));
        Tensor dInput = Tensor.ZerosLike(input);
        Tensor output = layer.ForwardPullback(input, ReferenceData.Tensor(c.GetProperty("upstream")), dInput);

        Close.Tensor(c.GetProperty("output"), output, name + " output", Relative, Absolute);
        Close.Tensor(c.GetProperty("input_grad"), dInput, name + " input gradient", Relative, Absolute);
    }

    [Theory]
    [MemberData(nameof(BatchNormCases))]
    public void BatchNorm_matches_in_training_and_evaluation(string name)
    {
        JsonElement c = NN.GetProperty("batchnorm").GetProperty(name);
        Tensor input = ReferenceData.Tensor(c.GetProperty("input"));
        int channels = input.Shape[1];
        BatchNorm layer = input.Rank == 4 ? new BatchNorm2d(channels) : new BatchNorm1d(channels);
        CopyInto(layer.Weight!, c.GetProperty("weight"));
        CopyInto(layer.Bias!, c.GetProperty("bias"));
        Tensor upstream = ReferenceData.Tensor(c.GetProperty("upstream"));

        layer.Forward(ReferenceData.Tensor(c.GetProperty("first_batch")));
        Tensor dInput = Tensor.ZerosLike(input);
        Tensor output = layer.ForwardPullback(input, upstream, dInput);
        Close.Tensor(c.GetProperty("train_output"), output, name + " training output", Relative, Absolute);
        Close.Tensor(c.GetProperty("train_input_grad"), dInput, name + " training input gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("train_weight_grad"), layer.Weight!.Grad, name + " training weight gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("train_bias_grad"), layer.Bias!.Grad, name + " training bias gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("running_mean"), layer.RunningMean, name + " running_mean", Relative, Absolute);
        Close.Tensor(c.GetProperty("running_var"), layer.RunningVar, name + " running_var", Relative, Absolute);
        Assert.Equal(c.GetProperty("num_batches_tracked").GetInt32(), (int)layer.NumBatchesTracked!.Item());

        layer.Eval();
        layer.ZeroGrad();
        float[] runningMean = layer.RunningMean!.ToArray();
        dInput = Tensor.ZerosLike(input);
        output = layer.ForwardPullback(input, upstream, dInput);
        Close.Tensor(c.GetProperty("eval_output"), output, name + " evaluation output", Relative, Absolute);
        Close.Tensor(c.GetProperty("eval_input_grad"), dInput, name + " evaluation input gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("eval_weight_grad"), layer.Weight!.Grad, name + " evaluation weight gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("eval_bias_grad"), layer.Bias!.Grad, name + " evaluation bias gradient", Relative, Absolute);
        Assert.Equal(runningMean, layer.RunningMean!.ToArray());
        Assert.Equal(c.GetProperty("num_batches_tracked").GetInt32(), (int)layer.NumBatchesTracked!.Item());
    }

    [Fact]
    public void LayerNorm_matches()
    {
        JsonElement c = NN.GetProperty("layernorm");
        LayerNorm layer = new LayerNorm(ReferenceData.Ints(c.GetProperty("normalized_shape")));
        CopyInto(layer.Weight!, c.GetProperty("weight"));
        CopyInto(layer.Bias!, c.GetProperty("bias"));
        Tensor input = ReferenceData.Tensor(c.GetProperty("input"));
        Tensor dInput = Tensor.ZerosLike(input);
        Tensor output = layer.ForwardPullback(input, ReferenceData.Tensor(c.GetProperty("upstream")), dInput);

        Close.Tensor(c.GetProperty("output"), output, "layernorm output", Relative, Absolute);
        Close.Tensor(c.GetProperty("input_grad"), dInput, "layernorm input gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("weight_grad"), layer.Weight!.Grad, "layernorm weight gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("bias_grad"), layer.Bias!.Grad, "layernorm bias gradient", Relative, Absolute);
    }

    [Fact]
    public void Embedding_matches_and_skips_the_padding_row()
    {
        JsonElement c = NN.GetProperty("embedding");
        Embedding layer = new Embedding(6, 3, c.GetProperty("padding_idx").GetInt32());
        CopyInto(layer.Weight, c.GetProperty("weight"));
        JsonElement indices = c.GetProperty("indices");
        Tensor input = Tensor.FromArray(ReferenceData.Ints(indices.GetProperty("data")).Select(i => (float)i).ToArray(), ReferenceData.Shape(indices));
        Tensor output = layer.ForwardPullback(input, ReferenceData.Tensor(c.GetProperty("upstream")), null);

        Close.Tensor(c.GetProperty("output"), output, "embedding output");
        Close.Tensor(c.GetProperty("weight_grad"), layer.Weight.Grad, "embedding weight gradient");

        // The same indices as an integer tensor, as PyTorch's LongTensor.
        layer.ZeroGrad();
        IntTensor integers = IntTensor.FromArray(ReferenceData.Ints(indices.GetProperty("data")), ReferenceData.Shape(indices));
        Tensor fromIntegers = layer.ForwardPullback(integers, ReferenceData.Tensor(c.GetProperty("upstream")));
        Close.Tensor(c.GetProperty("output"), fromIntegers, "embedding output, integer indices");
        Close.Tensor(c.GetProperty("weight_grad"), layer.Weight.Grad, "embedding weight gradient, integer indices");
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void Activation_matches_including_kinks(string name)
    {
        JsonElement section = NN.GetProperty("activations");
        JsonElement c = section.GetProperty(name);
        Module layer = name switch
        {
            "gelu" => new GELU(),
            "gelu_tanh" => new GELU(GeluApproximation.Tanh),
            "leaky_relu" => new LeakyReLU(0.1),
            "elu" => new ELU(1.5),
            "silu" => new SiLU(),
            "softplus" => new Softplus(),
            "softplus_beta2_threshold5" => new Softplus(2.0, 5.0),
            "logsigmoid" => new LogSigmoid(),
            "hardtanh" => new Hardtanh(),
            "hardtanh_0.5_3" => new Hardtanh(0.5, 3.0),
            "relu" => new ReLU(),
            _ => throw new ArgumentException(name),
        };
        Tensor input = ReferenceData.Tensor(section.GetProperty("input"));
        Tensor dInput = Tensor.ZerosLike(input);
        Tensor output = layer.ForwardPullback(input, Tensor.OnesLike(input), dInput);

        // PyTorch evaluates GELU as x·(1 + erf(x/√2))/2 in float, which cancels for x ≪ 0 (a
        // relative error of 4e-5 at x = −3); the runtime uses erfc there, so the bound is looser.
        Close.Tensor(c.GetProperty("output"), output, name + " output", Relative, 1e-7);
        Close.Tensor(c.GetProperty("input_grad"), dInput, name + " input gradient", Relative, 1e-7);
    }

    [Theory]
    [MemberData(nameof(LossCases))]
    public void Loss_matches_in_every_reduction(string name)
    {
        JsonElement c = NN.GetProperty("losses").GetProperty(name);
        Tensor input = ReferenceData.Tensor(c.GetProperty("input"));
        Tensor upstream = ReferenceData.Tensor(c.GetProperty("upstream"));
        Tensor dInput = Tensor.ZerosLike(input);
        Reduction reduction = ReductionOf(name);
        Tensor output;
        if (name.StartsWith("cross_entropy", StringComparison.Ordinal))
        {
            CrossEntropyLoss loss = new CrossEntropyLoss(reduction, c.GetProperty("ignore_index").GetInt32(), c.GetProperty("label_smoothing").GetDouble());
            output = loss.ForwardPullback(input, ReferenceData.Ints(c.GetProperty("targets")), upstream, dInput);
            Close.Tensor(c.GetProperty("output"), output, name + " value", Relative, Absolute);
            Close.Tensor(c.GetProperty("input_grad"), dInput, name + " input gradient", Relative, Absolute);
            return;
        }

        Tensor target = ReferenceData.Tensor(c.GetProperty("target"));
        Tensor dTarget = Tensor.ZerosLike(target);
        if (name.StartsWith("mse", StringComparison.Ordinal))
        {
            output = new MSELoss(reduction).ForwardPullback(input, target, upstream, dInput, dTarget);
        }
        else if (name.StartsWith("huber", StringComparison.Ordinal))
        {
            output = new HuberLoss(reduction, 0.5).ForwardPullback(input, target, upstream, dInput, dTarget);
        }
        else if (name.StartsWith("smooth_l1_beta0.5", StringComparison.Ordinal))
        {
            output = new SmoothL1Loss(reduction, 0.5).ForwardPullback(input, target, upstream, dInput, dTarget);
        }
        else if (name.StartsWith("smooth_l1_beta0", StringComparison.Ordinal))
        {
            output = new SmoothL1Loss(reduction, 0.0).ForwardPullback(input, target, upstream, dInput, dTarget);
        }
        else if (name.StartsWith("bce_logits", StringComparison.Ordinal))
        {
            Tensor? posWeight = c.TryGetProperty("pos_weight", out JsonElement pw) ? ReferenceData.Tensor(pw) : null;
            output = new BCEWithLogitsLoss(reduction, posWeight).ForwardPullback(input, target, upstream, dInput, dTarget);
        }
        else if (name.StartsWith("kl_div", StringComparison.Ordinal))
        {
            output = new KLDivLoss(reduction, c.GetProperty("log_target").GetBoolean()).ForwardPullback(input, target, upstream, dInput, dTarget);
        }
        else
        {
            throw new ArgumentException(name);
        }

        Close.Tensor(c.GetProperty("output"), output, name + " value", Relative, Absolute);
        Close.Tensor(c.GetProperty("input_grad"), dInput, name + " input gradient", Relative, Absolute);
        Close.Tensor(c.GetProperty("target_grad"), dTarget, name + " target gradient", Relative, Absolute);
    }

    private static Reduction ReductionOf(string name) =>
        name.EndsWith("_none", StringComparison.Ordinal) || name.Contains("_none_", StringComparison.Ordinal) ? Reduction.None
        : name.EndsWith("_sum", StringComparison.Ordinal) || name.Contains("_sum_", StringComparison.Ordinal) ? Reduction.Sum
        : name.Contains("_batchmean", StringComparison.Ordinal) ? Reduction.BatchMean
        : Reduction.Mean;

    [Fact]
    public void PyTorch_checkpoint_with_batchnorm_buffers_loads_and_round_trips()
    {
        JsonElement c = NN.GetProperty("checkpoint");
        string path = Path.Combine(AppContext.BaseDirectory, "Reference", "conv_batchnorm.safetensors");
        Sequential model = new Sequential(new Conv2d(1, 2, 3, generator: new Generator(3)), new BatchNorm2d(2), new ReLU());

        model.Load(path);

        string[] keys = c.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
        Dictionary<string, Tensor> state = model.StateDict();
        Assert.Equal(keys, state.Keys.ToArray());
        foreach (JsonProperty entry in c.GetProperty("state").EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(entry.Value.GetInt32(), (int)state[entry.Name].Item());
            }
            else
            {
                Close.Tensor(entry.Value, state[entry.Name], entry.Name, 0, 0);
            }
        }

        model.Eval();
        Close.Tensor(c.GetProperty("eval_output"), model.Forward(ReferenceData.Tensor(c.GetProperty("input"))), "evaluation output", Relative, Absolute);

        string copy = Path.Combine(Path.GetTempPath(), "diff-bn-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            model.Save(copy);
            byte[] bytes = File.ReadAllBytes(copy);
            int headerLength = (int)BitConverter.ToUInt64(bytes, 0);
            using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
            string[] dtypes = c.GetProperty("dtypes").EnumerateArray().Select(d => d.GetString() == "torch.int64" ? "I64" : "F32").ToArray();
            Assert.Equal(dtypes, keys.Select(k => header.RootElement.GetProperty(k).GetProperty("dtype").GetString()).ToArray());

            Sequential reloaded = new Sequential(new Conv2d(1, 2, 3, generator: new Generator(4)), new BatchNorm2d(2), new ReLU());
            reloaded.Load(copy);
            foreach ((string key, Tensor value) in reloaded.StateDict())
            {
                Assert.Equal(state[key].ToArray(), value.ToArray());
            }
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
