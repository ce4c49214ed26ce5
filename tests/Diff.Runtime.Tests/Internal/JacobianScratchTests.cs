using System;
using Diff.Internal;
using Xunit;

namespace Diff.Runtime.Tests;

/// <summary>The lanes a generated Jacobian keeps per thread, and the read-out of one lane into a row.</summary>
public sealed class JacobianScratchTests
{
    [Fact]
    public void A_returned_array_is_rented_again_by_the_same_lanes_type_only()
    {
        TangentLanes2[] two = JacobianScratch.Rent<TangentLanes2>(5);
        Assert.True(two.Length >= 5);
        JacobianScratch.Return(two);
        Assert.Same(two, JacobianScratch.Rent<TangentLanes2>(3));
        TangentLanes4[] four = JacobianScratch.Rent<TangentLanes4>(3);
        Assert.True(four.Length >= 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobianScratch.Rent<TangentLanes>(-1));
    }

    [Fact]
    public void Copying_a_lane_reads_that_lane_of_every_element()
    {
        var lanes = new TangentLanes4[3];
        for (int k = 0; k < lanes.Length; k++)
        {
            for (int lane = 0; lane < 4; lane++)
            {
                lanes[k] += (10 * k + lane) * TangentLanes4.Unit(lane);
            }
        }

        var row = new double[3];
        Assert.False(JacobianScratch.CopyLane<TangentLanes4>(lanes, 2, row));
        Assert.Equal(new[] { 2.0, 12.0, 22.0 }, row);
    }

    [Fact]
    public void Copying_a_lane_says_whether_it_held_a_NaN()
    {
        // Element 1 is NaN in lane 1 only.
        var lanes = new TangentLanes2[2];
        System.Span<double> numbers = System.Runtime.InteropServices.MemoryMarshal.Cast<TangentLanes2, double>(lanes.AsSpan());
        numbers[0] = 1;
        numbers[1] = 2;
        numbers[2] = 3;
        numbers[3] = double.NaN;
        var row = new double[2];
        Assert.False(JacobianScratch.CopyLane<TangentLanes2>(lanes, 0, row));
        Assert.True(JacobianScratch.CopyLane<TangentLanes2>(lanes, 1, row));
        Assert.True(double.IsNaN(row[1]));
        // Infinities are numbers: only NaN sends a Jacobian back to its runs by rows.
        Assert.False(JacobianScratch.CopyLane<TangentLanes2>(new TangentLanes2[] { double.PositiveInfinity }, 1, new double[1]));
    }

    [Fact]
    public void Copying_a_lane_checks_the_lane_and_the_lengths()
    {
        var lanes = new TangentLanes2[2];
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobianScratch.CopyLane<TangentLanes2>(lanes, 2, new double[2]));
        ArgumentException mismatch = Assert.Throws<ArgumentException>(() => JacobianScratch.CopyLane<TangentLanes2>(lanes, 0, new double[3]));
        Assert.Contains("length 3", mismatch.Message, StringComparison.Ordinal);
    }
}
