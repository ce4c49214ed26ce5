using System.IO;
using Diff;
using Diff.NN;
using Samples.ChainRule;

namespace Diff.Samples.Tests;

public class ChainRuleTests
{
    private static readonly ChainRuleSample.Result Result = ChainRuleSample.Run(TextWriter.Null);

    [Fact]
    public void Square_at_one_has_value_one_and_derivative_two()
    {
        Assert.Equal(1f, Result.Y.Item());
        Assert.Equal(2f, Result.DyDx.Item());
    }

    [Fact]
    public void Network_input_gradient_matches_finite_differences()
    {
        float[] input = Result.NetInput.ToArray();
        float[] gradient = Result.NetDyDx.ToArray();
        Assert.Equal(new[] { 1, 10 }, Result.NetDyDx.Shape);

        // The network is piecewise linear, so a small central difference is exact up to rounding.
        const float h = 1e-2f;
        for (int j = 0; j < input.Length; j++)
        {
            float[] plus = (float[])input.Clone(), minus = (float[])input.Clone();
            plus[j] += h;
            minus[j] -= h;
            float fPlus = Result.Network.Forward(Tensor.FromArray(plus, new[] { 1, 10 })).Item();
            float fMinus = Result.Network.Forward(Tensor.FromArray(minus, new[] { 1, 10 })).Item();
            Assert.Equal((fPlus - fMinus) / (2 * h), gradient[j], 1e-3);
        }
    }

    [Fact]
    public void First_layer_weight_gradient_is_zero_exactly_where_relu_is_off()
    {
        var firstLayer = (Linear)Result.Network[0];
        float[] preActivation = firstLayer.Forward(Result.NetInput).ToArray();
        float[] x = Result.NetInput.ToArray();
        float[] grad = Result.FirstLayerWeightGrad.ToArray();
        Assert.Equal(32 * 10, grad.Length);

        int off = 0;
        for (int i = 0; i < 32; i++)
        {
            if (preActivation[i] <= 0)
            {
                off++;
                for (int j = 0; j < 10; j++) Assert.Equal(0f, grad[i * 10 + j]);
            }
            else
            {
                // dy/dW1[i, j] = (dy/dh_i) · x_j: each row is a multiple of the input.
                for (int j = 1; j < 10; j++)
                {
                    Assert.Equal(grad[i * 10] * x[j], grad[i * 10 + j] * x[0], 1e-5);
                }
            }
        }

        Assert.InRange(off, 1, 31);   // with this seed some units are off and some are on
    }
}
