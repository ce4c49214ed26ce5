using System.Collections.Generic;
using System.Text.Json;
using Diff.NN;

namespace Diff.Runtime.Tests.Reference;

/// <summary>A [4, 5] → 3 <see cref="Linear"/> layer against PyTorch's <c>nn.Linear(5, 3)</c>.</summary>
public class LinearReferenceTests
{
    private static JsonElement Case => ReferenceData.Root.GetProperty("linear");

    private static Linear MakeLayer()
    {
        Linear layer = new Linear(5, 3);
        layer.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["weight"] = ReferenceData.Tensor(Case.GetProperty("weight")),
            ["bias"] = ReferenceData.Tensor(Case.GetProperty("bias")),
        });
        return layer;
    }

    [Fact]
    public void Forward_matches()
    {
        Linear layer = MakeLayer();
        Tensor output = layer.Forward(ReferenceData.Tensor(Case.GetProperty("input")));
        Close.Tensor(Case.GetProperty("output"), output, "Linear output");
    }

    [Fact]
    public void Gradients_of_the_sum_match()
    {
        Linear layer = MakeLayer();
        Tensor x = ReferenceData.Tensor(Case.GetProperty("input"));
        Tensor dX = Tensor.ZerosLike(x);

        Tensor loss = ReferenceModels.LinearSumGradient(layer, x, dX);

        JsonElement expected = Case.GetProperty("sum");
        Close.Scalar(expected.GetProperty("loss").GetDouble(), loss.Item(), "Linear sum");
        JsonElement grads = expected.GetProperty("grads");
        Close.Tensor(grads.GetProperty("weight"), layer.Weight.Grad, "Linear sum: weight gradient");
        Close.Tensor(grads.GetProperty("bias"), layer.Bias!.Grad, "Linear sum: bias gradient");
        Close.Tensor(grads.GetProperty("input"), dX, "Linear sum: input gradient");
    }

    [Fact]
    public void Gradients_for_an_upstream_gradient_match()
    {
        Linear layer = MakeLayer();
        Tensor x = ReferenceData.Tensor(Case.GetProperty("input"));
        Tensor dX = Tensor.ZerosLike(x);
        JsonElement expected = Case.GetProperty("upstream");
        Tensor upstream = ReferenceData.Tensor(expected.GetProperty("gradient"));

        Tensor output = ReferenceModels.LinearOutputPullback(layer, x, upstream, dX);

        Close.Tensor(Case.GetProperty("output"), output, "Linear pullback: output");
        JsonElement grads = expected.GetProperty("grads");
        Close.Tensor(grads.GetProperty("weight"), layer.Weight.Grad, "Linear pullback: weight gradient");
        Close.Tensor(grads.GetProperty("bias"), layer.Bias!.Grad, "Linear pullback: bias gradient");
        Close.Tensor(grads.GetProperty("input"), dX, "Linear pullback: input gradient");
    }

    [Fact]
    public void Gradients_accumulate_over_two_calls()
    {
        Linear layer = MakeLayer();
        Tensor x = ReferenceData.Tensor(Case.GetProperty("input"));
        Tensor dX = Tensor.ZerosLike(x);

        ReferenceModels.LinearSumGradient(layer, x, dX);
        ReferenceModels.LinearSumGradient(layer, x, dX);

        JsonElement grads = Case.GetProperty("sum").GetProperty("grads");
        Close.Tensor(grads.GetProperty("weight"), layer.Weight.Grad! * 0.5f, "Linear sum twice: weight gradient / 2");
        Close.Tensor(grads.GetProperty("bias"), layer.Bias!.Grad! * 0.5f, "Linear sum twice: bias gradient / 2");
        Close.Tensor(grads.GetProperty("input"), dX * 0.5f, "Linear sum twice: input gradient / 2");
    }
}
