using System.Collections.Generic;
using System.Text.Json;

namespace Diff.Runtime.Tests.Reference;

/// <summary>[Differentiable] one-op methods whose generated pullbacks are compared with PyTorch.</summary>
public static partial class IndexingReferenceOps
{
    [Differentiable] public static Tensor Narrow(Tensor x) => x.Narrow(1, 1, 3);

    [Differentiable] public static Tensor SliceStep(Tensor x) => x.Slice(1, 1, 6, 2);

    [Differentiable] public static Tensor Select(Tensor x) => x.Select(1, -1);

    [Differentiable] public static Tensor Permute(Tensor x) => x.Permute(2, 0, 1);

    [Differentiable] public static Tensor Transpose(Tensor x) => x.Transpose(0, 2);

    [Differentiable] public static Tensor Flatten(Tensor x) => x.Flatten(1);

    [Differentiable] public static Tensor Cat(Tensor a, Tensor b) => Tensor.Cat(a, b, 1);

    [Differentiable] public static Tensor Stack(Tensor a, Tensor b) => Tensor.Stack(a, b, 1);

    [Differentiable] public static Tensor IndexSelect(Tensor x, int[] index) => x.IndexSelect(0, index);

    [Differentiable] public static Tensor Gather(Tensor x, IntTensor index) => x.Gather(1, index);

    [Differentiable] public static Tensor Scatter(Tensor x, Tensor source, IntTensor index) => x.Scatter(0, index, source);

    [Differentiable] public static Tensor ScatterAdd(Tensor x, Tensor source, IntTensor index) => x.ScatterAdd(0, index, source);

    [Differentiable] public static Tensor MaskedFill(Tensor x, [NoDiff] Tensor mask) => x.MaskedFill(mask, -0.5f);

    [Differentiable] public static Tensor Where([NoDiff] Tensor condition, Tensor a, Tensor b) => Tensor.Where(condition, a, b);
}

/// <summary>Slicing, joining and indexing ops: forward values and input gradients against PyTorch.</summary>
public class IndexingReferenceTests
{
    private static JsonElement Cases => ReferenceData.Root.GetProperty("indexing");

    public static IEnumerable<object[]> Names => ReferenceData.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Value_and_input_gradients_match(string name)
    {
        JsonElement c = ReferenceData.Named(Cases, name);
        var inputs = new List<Tensor>();
        foreach (JsonElement input in c.GetProperty("inputs").EnumerateArray())
        {
            inputs.Add(ReferenceData.Tensor(input));
        }

        Tensor upstream = ReferenceData.Tensor(c.GetProperty("upstream"));
        Tensor x = inputs[0];
        Tensor dX = Tensor.ZerosLike(x);
        Tensor? dY = inputs.Count > 1 ? Tensor.ZerosLike(inputs[1]) : null;
        Tensor value = name switch
        {
            "narrow" => IndexingReferenceOps.NarrowPullback(x, upstream, dX),
            "slice_step" => IndexingReferenceOps.SliceStepPullback(x, upstream, dX),
            "select" => IndexingReferenceOps.SelectPullback(x, upstream, dX),
            "indexer" => Indexer(x, upstream, dX),
            "permute" => IndexingReferenceOps.PermutePullback(x, upstream, dX),
            "transpose" => IndexingReferenceOps.TransposePullback(x, upstream, dX),
            "flatten" => IndexingReferenceOps.FlattenPullback(x, upstream, dX),
            "cat" => IndexingReferenceOps.CatPullback(x, inputs[1], upstream, dX, dY),
            "stack" => IndexingReferenceOps.StackPullback(x, inputs[1], upstream, dX, dY),
            "index_select" => IndexingReferenceOps.IndexSelectPullback(x, ReferenceData.Ints(c.GetProperty("index")), upstream, dX),
            "gather" => IndexingReferenceOps.GatherPullback(x, Index(c), upstream, dX),
            "scatter" => IndexingReferenceOps.ScatterPullback(x, inputs[1], Index(c), upstream, dX, dY),
            "scatter_add" => IndexingReferenceOps.ScatterAddPullback(x, inputs[1], Index(c), upstream, dX, dY),
            "masked_fill" => IndexingReferenceOps.MaskedFillPullback(x, Tensor.FromArray(ReferenceData.Floats(c.GetProperty("mask"))), upstream, dX),
            "where" => IndexingReferenceOps.WherePullback(
                Tensor.FromArray(ReferenceData.Floats(c.GetProperty("mask")), ReferenceData.Ints(c.GetProperty("mask_shape"))), x, inputs[1], upstream, dX, dY),
            _ => throw new InvalidOperationException($"No C# counterpart for the reference case '{name}'."),
        };

        Close.Tensor(c.GetProperty("output"), value, name + " value");
        JsonElement grads = c.GetProperty("grads");
        Close.Tensor(grads[0], dX, name + " gradient of input 0");
        if (dY is not null)
        {
            Close.Tensor(grads[1], dY, name + " gradient of input 1");
        }
    }

    private static IntTensor Index(JsonElement c) =>
        IntTensor.FromArray(ReferenceData.Ints(c.GetProperty("index")), ReferenceData.Ints(c.GetProperty("index_shape")));

    /// <summary><c>x[:, 1:3, -1]</c> through the C# indexer and its registered backward.</summary>
    private static Tensor Indexer(Tensor x, Tensor upstream, Tensor dX)
    {
        TensorIndex[] indices = { .., 1..3, -1 };
        Tensor value = x[indices];
        Tensor? gradient = null;
        Tensor.IndexerBackward(x, indices, value, upstream, ref gradient);
        dX.AddInPlace(gradient!);
        return value;
    }
}
