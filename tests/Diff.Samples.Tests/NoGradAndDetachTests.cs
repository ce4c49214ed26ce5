using System.IO;
using Samples.NoGradAndDetach;

namespace Diff.Samples.Tests;

public class NoGradAndDetachTests
{
    private static readonly NoGradAndDetachSample.Result Result = NoGradAndDetachSample.Run(TextWriter.Null);

    [Fact]
    public void Logits_are_the_column_sums_of_w_plus_b()
    {
        float[] w = Result.W.ToArray(), b = Result.B.ToArray(), z = Result.Z.ToArray();
        for (int j = 0; j < 3; j++)
        {
            double expected = b[j];
            for (int i = 0; i < 5; i++) expected += w[i * 3 + j];   // x is all ones
            Assert.Equal(expected, z[j], 1e-4);
        }
    }

    [Fact]
    public void Gradients_are_sigmoid_minus_target_over_three()
    {
        float[] z = Result.Z.ToArray(), y = Result.Y.ToArray();
        float[] dB = Result.BGrad.ToArray(), dW = Result.WGrad.ToArray();
        double loss = 0;
        for (int j = 0; j < 3; j++)
        {
            double sigmoid = 1 / (1 + Math.Exp(-z[j]));
            loss += -(y[j] * Math.Log(sigmoid) + (1 - y[j]) * Math.Log(1 - sigmoid)) / 3;
            Assert.Equal((sigmoid - y[j]) / 3, dB[j], 1e-5);
            for (int i = 0; i < 5; i++) Assert.Equal(dB[j], dW[i * 3 + j], 1e-6);   // x = ones: every row of w.grad is b.grad
        }

        Assert.Equal(loss, Result.Loss.Item(), 1e-4);
    }

    [Fact]
    public void Plain_call_gives_the_same_value_and_frozen_bias_leaves_w_grad_unchanged()
    {
        Assert.Equal(Result.Z.ToArray(), Result.ZNoGrad.ToArray());
        Assert.Equal(Result.WGrad.ToArray(), Result.FrozenWGrad.ToArray());
    }
}
