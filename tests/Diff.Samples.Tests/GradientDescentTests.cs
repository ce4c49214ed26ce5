using System.IO;
using Samples.GradientDescent;

namespace Diff.Samples.Tests;

public class GradientDescentTests
{
    private static readonly GradientDescentSample.Result Result = GradientDescentSample.Run(TextWriter.Null);

    [Fact]
    public void Gradient_of_mean_two_y_squared_is_four_y_over_three()
    {
        float[] x = Result.X.ToArray(), y = Result.Y.ToArray(), grad = Result.XGrad.ToArray();
        Assert.Equal(3, grad.Length);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(x[i] + 2, y[i], 1e-6);
            Assert.Equal(4.0 * y[i] / 3, grad[i], 1e-5);
            Assert.Equal(Result.FourYOverThree.ToArray()[i], grad[i], 1e-5);
        }
    }

    [Fact]
    public void Plain_call_multiplies_by_five()
    {
        Assert.Equal(new[] { 5f, 10f, 15f }, Result.TimesFive.ToArray());
    }

    [Fact]
    public void Loss_at_m_1_is_4_6667_and_gradient_is_minus_9_3333()
    {
        Assert.Equal(14.0 / 3, Result.Loss.Item(), 1e-5);
        Assert.Equal(-28.0 / 3, Result.MGrad.Item(), 1e-5);
        Assert.Equal("4.6667", Result.Loss.Item().ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("-9.3333", Result.MGrad.Item().ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1 + 0.28 / 3, Result.MAfterOneStep.Item(), 1e-5);   // 1.0933
    }

    [Fact]
    public void Gradient_descent_converges_to_slope_two()
    {
        // m_{k+1} - 2 = (1 - 0.01 · 28/3) (m_k - 2)
        double m = 1 + 0.28 / 3;
        for (int step = 0; step < Result.MTrajectory.Length; step++)
        {
            m = 2 + (1 - 0.28 / 3) * (m - 2);
            Assert.Equal(m, Result.MTrajectory[step], 1e-4);
        }

        Assert.Equal(2.0, Result.MTrajectory[^1], 1e-3);
        Assert.True(Result.FinalLoss < 1e-5f);
    }
}
