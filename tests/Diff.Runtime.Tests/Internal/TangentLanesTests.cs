using System;
using Diff.Internal;
using Xunit;

namespace Diff.Runtime.Tests;

/// <summary>
/// Every operation of each lanes type (<see cref="TangentLanes2"/>, <see cref="TangentLanes4"/>, <see cref="TangentLanes"/>)
/// acts lane by lane, as the scalar code it stands for.
/// </summary>
public sealed class TangentLanesTests
{
    private static TLanes Lanes<TLanes>(Func<int, double> value)
        where TLanes : unmanaged, ITangentLanes<TLanes>
    {
        TLanes lanes = 0;
        for (int lane = 0; lane < TLanes.Width; lane++)
        {
            lanes += value(lane) * TLanes.Unit(lane);
        }

        return lanes;
    }

    private static void Each<TLanes>(TLanes actual, Func<int, double> expected)
        where TLanes : unmanaged, ITangentLanes<TLanes>
    {
        for (int lane = 0; lane < TLanes.Width; lane++)
        {
            Assert.Equal(expected(lane), actual[lane], 15);
        }
    }

    [Fact]
    public void The_widths_are_two_four_and_eight() =>
        Assert.Equal(new[] { 2, 4, 8 }, new[] { Width<TangentLanes2>(), Width<TangentLanes4>(), Width<TangentLanes>() });

    [Fact]
    public void Units_are_one_in_their_lane_only()
    {
        Units<TangentLanes2>();
        Units<TangentLanes4>();
        Units<TangentLanes>();
    }

    [Fact]
    public void Arithmetic_is_lane_by_lane()
    {
        Arithmetic<TangentLanes2>();
        Arithmetic<TangentLanes4>();
        Arithmetic<TangentLanes>();
    }

    [Fact]
    public void Comparison_with_a_number_needs_every_lane()
    {
        Comparison<TangentLanes2>();
        Comparison<TangentLanes4>();
        Comparison<TangentLanes>();
    }

    private static int Width<TLanes>()
        where TLanes : unmanaged, ITangentLanes<TLanes> => TLanes.Width;

    private static void Units<TLanes>()
        where TLanes : unmanaged, ITangentLanes<TLanes>
    {
        for (int unit = 0; unit < TLanes.Width; unit++)
        {
            int which = unit;
            Each(TLanes.Unit(unit), lane => lane == which ? 1 : 0);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => TLanes.Unit(TLanes.Width));
        Assert.Throws<ArgumentOutOfRangeException>(() => TLanes.Unit(-1));
    }

    private static void Arithmetic<TLanes>()
        where TLanes : unmanaged, ITangentLanes<TLanes>
    {
        static double A(int lane) => 0.5 * lane - 1.25;
        static double B(int lane) => 3.0 / (lane + 1);
        TLanes a = Lanes<TLanes>(A), b = Lanes<TLanes>(B);
        Each(a + b, lane => A(lane) + B(lane));
        Each(a - b, lane => A(lane) - B(lane));
        Each(-a, lane => -A(lane));
        Each(+a, A);
        Each(a * 2.5, lane => A(lane) * 2.5);
        Each(-0.75 * b, lane => -0.75 * B(lane));
        Each(a / 4, lane => A(lane) / 4);
        Each((TLanes)1.5, _ => 1.5);
        TLanes sum = b;
        TLanes.AddScaled(ref sum, a, -2);
        Each(sum, lane => Math.FusedMultiplyAdd(A(lane), -2, B(lane)));
    }

    private static void Comparison<TLanes>()
        where TLanes : unmanaged, ITangentLanes<TLanes>
    {
        Assert.True((TLanes)0 == 0);
        Assert.False((TLanes)0 != 0);
        for (int lane = 0; lane < TLanes.Width; lane++)
        {
            // One non-zero lane, wherever it is, makes the lanes differ from zero.
            Assert.True(TLanes.Unit(lane) != 0);
            Assert.False(TLanes.Unit(lane) == 0);
        }
    }
}
