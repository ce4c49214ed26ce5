using Diff.Internal;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>The exact-length scratch arrays that generated Jacobians rent and return.</summary>
    public sealed class ScratchArraysTests
    {
        [Fact]
        public void A_returned_array_comes_back_cleared_for_the_same_length_only()
        {
            double[] first = ScratchArrays.Rent<double>(7);
            Assert.Equal(7, first.Length);
            first[3] = 2.5;
            ScratchArrays.Return(first);

            double[] other = ScratchArrays.Rent<double>(8);
            Assert.NotSame(first, other);
            double[] again = ScratchArrays.Rent<double>(7);
            Assert.Same(first, again);
            Assert.All(again, value => Assert.Equal(0.0, value));
        }

        [Fact]
        public void At_least_a_length_is_the_shortest_kept_array_long_enough()
        {
            FreshThread.Run(() =>
            {
                var shortOne = new double[4];
                var middle = new double[64];
                var longOne = new double[512];
                ScratchArrays.Return(longOne);
                ScratchArrays.Return(shortOne);
                ScratchArrays.Return(middle);

                middle[10] = 3.0;
                double[] taken = ScratchArrays.RentAtLeast<double>(20);
                Assert.Same(middle, taken);
                Assert.All(taken, value => Assert.Equal(0.0, value));
                Assert.Same(longOne, ScratchArrays.RentAtLeast<double>(65));

                // Nothing kept is long enough: a new array of exactly that length.
                Assert.Equal(600, ScratchArrays.RentAtLeast<double>(600).Length);
                Assert.Same(shortOne, ScratchArrays.RentAtLeast<double>(0));
                Assert.Throws<ArgumentOutOfRangeException>(() => ScratchArrays.RentAtLeast<double>(-1));
            });
        }

        [Fact]
        public void Two_rented_arrays_are_never_the_same_until_returned()
        {
            double[] a = ScratchArrays.RentCopy<double>(new[] { 1.0, 2.0 });
            double[] b = ScratchArrays.Rent<double>(2);
            Assert.NotSame(a, b);
            Assert.Equal(new[] { 1.0, 2.0 }, a);
            ScratchArrays.Return(a);
            ScratchArrays.Return(b);
        }

        [Fact]
        public void A_full_thread_keeps_the_arrays_given_back_last()
        {
            FreshThread.Run(() =>
            {
                // Forty arrays of other lengths fill what the thread keeps; one given back after them is kept.
                var first = new double[100];
                ScratchArrays.Return(first);
                for (int length = 101; length < 140; length++)
                {
                    ScratchArrays.Return(new double[length]);
                }

                double[] recent = ScratchArrays.Rent<double>(3);
                ScratchArrays.Return(recent);
                for (int length = 140; length < 150; length++)
                {
                    ScratchArrays.Return(new double[length]);
                }

                Assert.Same(recent, ScratchArrays.Rent<double>(3));

                // The first ones given back made room: a length among them comes new.
                Assert.NotSame(first, ScratchArrays.Rent<double>(100));
            });
        }

        [Fact]
        public void Zeroed_clears_kept_storage_of_the_same_length_and_swaps_other_lengths_through_the_pool()
        {
            FreshThread.Run(() =>
            {
                double[] kept = System.Array.Empty<double>();
                double[] first = ScratchArrays.Zeroed(ref kept, 4);
                Assert.Same(first, kept);
                Assert.Equal(4, first.Length);
                first[2] = 7.5;

                // Same length: the same storage, all zeros again.
                Assert.Same(first, ScratchArrays.Zeroed(ref kept, 4));
                Assert.All(kept, v => Assert.Equal(0.0, v));

                // Another length: the old storage goes back to the pool, and a rent of its length finds it.
                kept[1] = 3.0;
                double[] second = ScratchArrays.Zeroed(ref kept, 6);
                Assert.Same(second, kept);
                Assert.Equal(6, second.Length);
                double[] again = ScratchArrays.Rent<double>(4);
                Assert.Same(first, again);
                Assert.All(again, v => Assert.Equal(0.0, v));
            });
        }

        [Fact]
        public void Zeroed_with_a_negative_length_throws_as_new_does()
        {
            double[] kept = System.Array.Empty<double>();
            Assert.Throws<System.OverflowException>(() => ScratchArrays.Zeroed(ref kept, -1));
            Assert.Empty(kept);
        }

        [Fact]
        public void A_negative_length_names_the_argument() =>
            Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => ScratchArrays.Rent<float>(-1)).ParamName);
    }
}
