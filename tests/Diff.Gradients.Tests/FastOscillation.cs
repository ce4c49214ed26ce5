using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Fuzz program P1601 of seed 11125, shrunk and written with double parameters: a value driven by a gain sequence to
/// about 3·10⁴ and returned as <c>s + Sin(−s)</c>, so that the sine turns through several periods when an input moves by
/// 0.001. The fuzzer's finite differences of the gradient at that step gave −6.26·10⁷ for (H·v) against the generated
/// −7.98·10⁷; differences taken at 60 digits (mpmath, steps of 10⁻²⁵ and 10⁻²²) give the generated figures, which these
/// tests hold to: the fuzzer's differences, not the generator, were wrong there.
/// </summary>
public static partial class FastOscillationFns
{
    [Differentiable]
    public static double GainDriven(double x5, double x6)
    {
        double gain = 1.0;
        double s = x6;
        for (int i = 4; i >= 0; i--)
        {
            gain = gain * 0.5 + 0.75;
            int g = 0;
            do
            {
                g++;
                s += 0.5 + (x5 + 5) * (gain + s);
            }
            while (s < 4.0 && g < 2);
        }

        int h = 0;
        while (s < 2.5 && h < 4)
        {
            h++;
            s += 0.5 + s * (5 - s);
        }

        return s + Math.Sin(-s);
    }
}

public sealed class FastOscillationTests
{
    [Fact]
    public void Gradient_and_hessian_vector_match_high_precision_differences()
    {
        const double x5 = 1.035127282, x6 = 0.5370334462, v5 = 0.4766106606, v6 = -0.4291544628;
        double dX5 = 0, dX6 = 0, hv5 = 0, hv6 = 0;
        double value = FastOscillationFns.GainDrivenGradient(x5, x6, ref dX5, ref dX6);
        Assert.Equal(32552.636756470337, value, 1e-8);
        Assert.Equal(22282.977274386738, dX5, 1e-6);
        Assert.Equal(16805.909273414281, dX6, 1e-6);

        dX5 = 0;
        dX6 = 0;
        FastOscillationFns.GainDrivenHessianVector(x5, x6, v5, v6, ref dX5, ref dX6, ref hv5, ref hv6);
        Assert.Equal(-79822812.235174644, hv5, 1e-1);
        Assert.Equal(-60197622.075998082, hv6, 1e-1);
    }
}
