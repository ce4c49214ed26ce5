using System;
using Diff.Internal;
using Xunit;

namespace Diff.Runtime.Tests;

/// <summary>Every operation of <see cref="TangentLanes"/> acts lane by lane, as the scalar code it stands for.</summary>
public sealed class TangentLanesTests
{
    private static TangentLanes Lanes(Func<int, double> value)
    {
        TangentLanes lanes = 0;
        for (int lane = 0; lane < TangentLanes.Width; lane++)
        {
            lanes += value(lane) * TangentLanes.Unit(lane);
        }

        return lanes;
    }

    private static void Each(TangentLanes actual, Func<int, double> expected)
    {
        for (int lane = 0; lane < TangentLanes.Width; lane++)
        {
            Assert.Equal(expected(lane), actual[lane], 15);
        }
    }

    [Fact]
    public void Units_are_one_in_their_lane_only()
    {
        for (int unit = 0; unit < TangentLanes.Width; unit++)
        {
            int which = unit;
            Each(TangentLanes.Unit(unit), lane => lane == which ? 1 : 0);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => TangentLanes.Unit(TangentLanes.Width));
    }

    [Fact]
    public void Arithmetic_is_lane_by_lane()
    {
        static double A(int lane) => 0.5 * lane - 1.25;
        static double B(int lane) => 3.0 / (lane + 1);
        TangentLanes a = Lanes(A), b = Lanes(B);
        Each(a + b, lane => A(lane) + B(lane));
        Each(a - b, lane => A(lane) - B(lane));
        Each(-a, lane => -A(lane));
        Each(+a, A);
        Each(a * 2.5, lane => A(lane) * 2.5);
        Each(-0.75 * b, lane => -0.75 * B(lane));
        Each(a / 4, lane => A(lane) / 4);
        Each(1.5, _ => 1.5);
        TangentLanes sum = b;
        TangentLanes.AddScaled(ref sum, a, -2);
        Each(sum, lane => Math.FusedMultiplyAdd(A(lane), -2, B(lane)));
    }

    [Fact]
    public void Comparison_with_a_number_needs_every_lane()
    {
        Assert.True((TangentLanes)0 == 0);
        Assert.False((TangentLanes)0 != 0);
        for (int lane = 0; lane < TangentLanes.Width; lane++)
        {
            // One non-zero lane, in either half, makes the lanes differ from zero.
            Assert.True(TangentLanes.Unit(lane) != 0);
            Assert.False(TangentLanes.Unit(lane) == 0);
        }
    }
}
