namespace Diff.Runtime.Tests.MatMul
{
    /// <summary>
    /// The per-thread packing buffers of large products: aligned to huge pages, large enough, taken once at a time on a
    /// thread, kept while they suffice, and the products packed into them right.
    /// </summary>
    public sealed unsafe class HugePagePackingBuffersTests
    {
        [Fact]
        public void Buffers_start_on_huge_pages_and_hold_what_was_asked()
        {
            FreshThread.Run(() =>
            {
                Assert.True(HugePagePackingBuffers.TryTake(1000, 3 * 1024 * 1024, out float* a, out float* b));
                Assert.Equal(0, (long)a % HugePagePackingBuffers.HugePageBytes);
                Assert.Equal(0, (long)b % HugePagePackingBuffers.HugePageBytes);
                Assert.True((byte*)b - (byte*)a >= 1000);

                // The whole of both is writable.
                new Span<byte>(a, 1000).Fill(1);
                new Span<byte>(b, 3 * 1024 * 1024).Fill(2);
                HugePagePackingBuffers.Release();
            });
        }

        [Fact]
        public void A_thread_takes_its_buffers_once_at_a_time_and_keeps_them_while_they_suffice()
        {
            FreshThread.Run(() =>
            {
                Assert.True(HugePagePackingBuffers.TryTake(1000, 1000, out float* a, out float* b));
                Assert.False(HugePagePackingBuffers.TryTake(1000, 1000, out float* nestedA, out _));
                Assert.True(nestedA == null);
                HugePagePackingBuffers.Release();

                Assert.True(HugePagePackingBuffers.TryTake(2000, 2000, out float* again, out float* againB));
                Assert.True(again == a && againB == b);
                HugePagePackingBuffers.Release();

                // A larger product grows them; the next smaller one keeps the larger.
                Assert.True(HugePagePackingBuffers.TryTake(1000, 5 * 1024 * 1024, out float* grownA, out float* grownB));
                new Span<byte>(grownB, 5 * 1024 * 1024).Fill(3);
                HugePagePackingBuffers.Release();
                Assert.True(HugePagePackingBuffers.TryTake(1000, 1000, out float* keptA, out float* keptB));
                Assert.True(keptA == grownA && keptB == grownB);
                HugePagePackingBuffers.Release();
            });
        }

        /// <summary>
        /// Products whose packed B panel reaches a huge page (the AVX2 tile: 800 steps × 704 columns × 4 bytes), on one
        /// thread and split, with each tile, against a naive product in double.
        /// </summary>
        [Theory]
        [InlineData(13, 700, 800, 1, false)]
        [InlineData(130, 1500, 820, 1, false)]
        [InlineData(200, 700, 800, 2, false)]
        [InlineData(61, 2100, 900, 3, false)]
        [InlineData(13, 1100, 512, 1, true)]     // the AVX-512 tile: 512 steps × 1,152 columns × 4 bytes
        [InlineData(100, 1100, 600, 2, true)]
        public void Large_products_packed_into_huge_pages_match_the_reference(int m, int n, int k, int workers, bool avx512Tile)
        {
            var random = new System.Random(m * n + k);
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = (float)(random.NextDouble() * 2.0 - 1.0);
            }

            for (int i = 0; i < b.Length; i++)
            {
                b[i] = (float)(random.NextDouble() * 2.0 - 1.0);
            }

            float[] c = new float[m * n];
            if (avx512Tile)
            {
                MatMulKernel.Multiply<Vector512MicroKernel>(a, 0, false, b, 0, false, c, 0, m, n, k, accumulate: false, minimumWorkPerWorker: 1, maximumWorkers: workers);
            }
            else
            {
                MatMulKernel.Multiply<VectorMicroKernel>(a, 0, false, b, 0, false, c, 0, m, n, k, accumulate: false, minimumWorkPerWorker: 1, maximumWorkers: workers);
            }

            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j += 7)
                {
                    double expected = 0.0;
                    double magnitude = 0.0;
                    for (int p = 0; p < k; p++)
                    {
                        double term = (double)a[i * k + p] * b[p * n + j];
                        expected += term;
                        magnitude += Math.Abs(term);
                    }

                    Assert.True(
                        Math.Abs(c[i * n + j] - expected) <= (k + 2) * 6.0e-8 * magnitude,
                        $"C[{i},{j}] = {c[i * n + j]}, expected {expected}");
                }
            }
        }
    }
}
