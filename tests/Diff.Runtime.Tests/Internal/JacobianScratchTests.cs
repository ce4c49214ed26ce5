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
    public void Reading_rows_puts_lane_l_of_element_k_in_row_l_column_k()
    {
        ReadsEveryLane<TangentLanes2>();
        ReadsEveryLane<TangentLanes4>();
        ReadsEveryLane<TangentLanes>();
    }

    [Fact]
    public void Reading_rows_says_whether_a_number_is_NaN()
    {
        // Element 1 is NaN in lane 1 only.
        var lanes = new TangentLanes2[2];
        Span<double> numbers = System.Runtime.InteropServices.MemoryMarshal.Cast<TangentLanes2, double>(lanes.AsSpan());
        numbers[0] = 1;
        numbers[1] = 2;
        numbers[2] = 3;
        numbers[3] = double.NaN;
        var rows = new double[4];
        Assert.True(JacobianScratch.ReadRows<TangentLanes2>(lanes, rows, 2, 2));
        Assert.Equal(new[] { 1.0, 3.0, 2.0 }, rows[..3]);
        Assert.True(double.IsNaN(rows[3]));
        // Only the lanes read count: an unseeded lane may be NaN (a zero seed times an infinite partial) without harm.
        Assert.False(JacobianScratch.ReadRows<TangentLanes2>(lanes, rows, 2, 1));
        // Two rows are read a pair of elements at a time; an odd last element is read alone, and its NaN counts too.
        var odd = new TangentLanes2[] { 1, 2, TangentLanes2.Unit(1) * double.NaN };
        var oddRows = new double[6];
        Assert.True(JacobianScratch.ReadRows<TangentLanes2>(odd, oddRows, 3, 2));
        Assert.Equal(new[] { 1.0, 2.0 }, oddRows[..2]);
        Assert.True(double.IsNaN(oddRows[2]));
        Assert.True(double.IsNaN(oddRows[5]));
        Assert.Equal(new[] { 1.0, 2.0 }, oddRows[3..5]);
        // Infinities are numbers: only NaN sends a Jacobian back to its runs by rows.
        Assert.False(JacobianScratch.ReadRows<TangentLanes2>(new TangentLanes2[] { double.PositiveInfinity }, new double[2], 1, 2));
    }

    [Fact]
    public void Reading_rows_checks_the_count_and_the_room()
    {
        var lanes = new TangentLanes2[2];
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobianScratch.ReadRows<TangentLanes2>(lanes, new double[8], 4, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => JacobianScratch.ReadRows<TangentLanes2>(lanes, new double[8], 4, 0));
        ArgumentException tooShort = Assert.Throws<ArgumentException>(() => JacobianScratch.ReadRows<TangentLanes2>(lanes, new double[5], 4, 2));
        Assert.Contains("5 numbers", tooShort.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => JacobianScratch.ReadRows<TangentLanes2>(lanes, new double[8], 1, 2));
    }

    private static void ReadsEveryLane<TLanes>()
        where TLanes : unmanaged, ITangentLanes<TLanes>
    {
        const int elements = 3, stride = 5;
        var lanes = new TLanes[elements];
        for (int k = 0; k < elements; k++)
        {
            for (int lane = 0; lane < TLanes.Width; lane++)
            {
                lanes[k] += (10 * k + lane) * TLanes.Unit(lane);
            }
        }

        for (int count = 1; count <= TLanes.Width; count++)
        {
            var rows = new double[(count - 1) * stride + elements + 1];
            Array.Fill(rows, -1);
            Assert.False(JacobianScratch.ReadRows<TLanes>(lanes, rows, stride, count));
            for (int lane = 0; lane < count; lane++)
            {
                for (int k = 0; k < elements; k++)
                {
                    Assert.Equal(10 * k + lane, rows[lane * stride + k]);
                }
            }

            // Nothing outside the rows read is touched.
            Assert.Equal(-1, rows[^1]);
        }

        // A NaN in the last lane counts when that lane is read, and only then.
        System.Runtime.InteropServices.MemoryMarshal.Cast<TLanes, double>(lanes.AsSpan())[TLanes.Width + TLanes.Width - 1] = double.NaN;
        var room = new double[(TLanes.Width - 1) * stride + elements];
        Assert.True(JacobianScratch.ReadRows<TLanes>(lanes, room, stride, TLanes.Width));
        Assert.False(JacobianScratch.ReadRows<TLanes>(lanes, room, stride, TLanes.Width - 1));
    }
}
