using System;
using Diff.Internal;
using Xunit;

namespace Diff.Runtime.Tests;

public sealed class TapeArraysTests
{
    [Fact]
    public void Growing_keeps_the_values_and_at_least_doubles_the_room()
    {
        FreshThread.Run(() =>
        {
            double[] tape = TapeArrays.Rent<double>(10);
            Assert.True(tape.Length >= 10);
            for (int i = 0; i < tape.Length; i++)
            {
                tape[i] = i * 0.5;
            }

            int before = tape.Length;
            double[] grown = TapeArrays.Grow(tape);
            Assert.True(grown.Length >= 2 * before);
            for (int i = 0; i < before; i++)
            {
                Assert.Equal(i * 0.5, grown[i]);
            }

            double[] reserved = TapeArrays.Reserve(grown, before, grown.Length);
            Assert.True(reserved.Length >= before + grown.Length);
            Assert.Equal((before - 1) * 0.5, reserved[before - 1]);
            TapeArrays.Return(reserved);
        });
    }

    /// <summary>
    /// A tape too long for the thread's slot goes back to the pool; the thread's next tape is rented at that length at
    /// once, so that a gradient called again does not grow its tape from the estimate, copying it at every doubling.
    /// </summary>
    [Fact]
    public void The_next_tape_is_as_long_as_the_last_one_the_pool_took_back()
    {
        FreshThread.Run(() =>
        {
            double[] tape = TapeArrays.Rent<double>(16);
            while (tape.Length <= 1 << 17)
            {
                tape = TapeArrays.Grow(tape);
            }

            int length = tape.Length;
            TapeArrays.Return(tape);
            double[] next = TapeArrays.Rent<double>(16);
            Assert.True(next.Length >= length, $"{next.Length} < {length}");
            TapeArrays.Return(next);

            // A short tape in the thread's slot is not taken when it is shorter than that.
            double[] shortTape = TapeArrays.Rent<double>(16);
            TapeArrays.Return(shortTape);
            double[] again = TapeArrays.Rent<double>(16);
            Assert.True(again.Length >= length, $"{again.Length} < {length}");
            TapeArrays.Return(again);
        });
    }
}
