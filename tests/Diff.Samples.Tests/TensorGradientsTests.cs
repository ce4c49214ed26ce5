using System.IO;
using System.Linq;
using Diff;
using Samples.TensorGradients;

namespace Diff.Samples.Tests;

public class TensorGradientsTests
{
    private static readonly TensorGradientsSample.Result Result = TensorGradientsSample.Run(TextWriter.Null);

    [Fact]
    public void Scalar_square_of_five_is_25_with_gradient_10()
    {
        Assert.Equal(25f, Result.ScalarY.Item());
        Assert.Equal(10f, Result.ScalarGrad.Item());
    }

    [Fact]
    public void Sum_of_squares_of_1_2_3_is_14_with_gradient_2_4_6()
    {
        Assert.Equal(14f, Result.VectorY.Item());
        Assert.Equal(new[] { 2f, 4f, 6f }, Result.VectorGrad.ToArray());
    }

    [Fact]
    public void Regression_gradient_is_half_the_residual_times_the_input()
    {
        float[] w = Result.W.ToArray(), x = Result.X.ToArray(), t = Result.YTrue.ToArray();
        float[] grad = Result.WGrad.ToArray();
        Assert.Equal(new[] { 4, 3 }, Result.WGrad.Shape);

        double loss = 0;
        for (int i = 0; i < 4; i++)
        {
            double y = 0;
            for (int j = 0; j < 3; j++) y += w[i * 3 + j] * x[j];
            Assert.Equal(y, Result.Y.ToArray()[i], 1e-4);
            loss += (y - t[i]) * (y - t[i]) / 4;
            for (int j = 0; j < 3; j++)
            {
                // L = mean((Wx - t)²)  =>  ∂L/∂W[i, j] = 2 (y_i - t_i) x_j / 4
                Assert.Equal(0.5 * (y - t[i]) * x[j], grad[i * 3 + j], 1e-4);
            }
        }

        Assert.Equal(loss, Result.Loss.Item(), 1e-3);
        Assert.True(Result.LossAfterStep.Item() < Result.Loss.Item(), "a gradient step lowers the loss");
    }

    [Fact]
    public void Two_layer_gradients_match_a_hand_written_backward_pass()
    {
        double[] w1 = Result.W1.ToArray().Select(v => (double)v).ToArray();
        double[] w2 = Result.W2.ToArray().Select(v => (double)v).ToArray();
        double[] x = Result.X.ToArray().Select(v => (double)v).ToArray();
        double[] t = Result.YTrue.ToArray().Select(v => (double)v).ToArray();

        var y1 = new double[4];
        var a1 = new double[4];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 3; j++) y1[i] += w1[i * 3 + j] * x[j];
            a1[i] = Math.Max(y1[i], 0);
        }

        var y2 = new double[4];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++) y2[i] += w2[i * 4 + j] * a1[j];
        }

        double loss = Enumerable.Range(0, 4).Sum(i => (y2[i] - t[i]) * (y2[i] - t[i])) / 4;
        Assert.Equal(loss, Result.TwoLayerLoss.Item(), 1e-2);

        double[] dY2 = Enumerable.Range(0, 4).Select(i => 0.5 * (y2[i] - t[i])).ToArray();
        float[] dW2 = Result.W2Grad.ToArray(), dW1 = Result.W1Grad.ToArray();
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++) Assert.Equal(dY2[i] * a1[j], dW2[i * 4 + j], 1e-3);
        }

        for (int j = 0; j < 4; j++)
        {
            double dA1 = 0;
            for (int i = 0; i < 4; i++) dA1 += w2[i * 4 + j] * dY2[i];
            double dY1 = y1[j] > 0 ? dA1 : 0;
            for (int k = 0; k < 3; k++) Assert.Equal(dY1 * x[k], dW1[j * 3 + k], 1e-3);
        }
    }
}
