using System.Collections.Generic;
using System.Text.Json;

namespace Diff.Runtime.Tests.Reference;

/// <summary><c>Softmax(1)</c> and <c>LogSoftmax(1)</c> of a [4, 5] tensor: values and vector-Jacobian products.</summary>
public class SoftmaxReferenceTests
{
    private static JsonElement Case => ReferenceData.Root.GetProperty("softmax");

    [Fact]
    public void Softmax_value_and_vjp_match()
    {
        Tensor x = ReferenceData.Tensor(Case.GetProperty("input"));
        Tensor upstream = ReferenceData.Tensor(Case.GetProperty("upstream"));
        Tensor dX = Tensor.ZerosLike(x);

        Tensor value = ReferenceModels.SoftmaxPullback(x, upstream, dX);

        JsonElement expected = Case.GetProperty("softmax");
        Close.Tensor(expected.GetProperty("value"), x.Softmax(1), "Softmax value");
        Close.Tensor(expected.GetProperty("value"), value, "Softmax value from the pullback");
        Close.Tensor(expected.GetProperty("vjp"), dX, "Softmax vector-Jacobian product");
    }

    [Fact]
    public void LogSoftmax_value_and_vjp_match()
    {
        Tensor x = ReferenceData.Tensor(Case.GetProperty("input"));
        Tensor upstream = ReferenceData.Tensor(Case.GetProperty("upstream"));
        Tensor dX = Tensor.ZerosLike(x);

        Tensor value = ReferenceModels.LogSoftmaxPullback(x, upstream, dX);

        JsonElement expected = Case.GetProperty("log_softmax");
        Close.Tensor(expected.GetProperty("value"), x.LogSoftmax(1), "LogSoftmax value");
        Close.Tensor(expected.GetProperty("value"), value, "LogSoftmax value from the pullback");
        Close.Tensor(expected.GetProperty("vjp"), dX, "LogSoftmax vector-Jacobian product");
    }
}
