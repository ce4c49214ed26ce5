using System.Collections.Generic;
using System.Runtime.Intrinsics;

namespace Diff.Runtime.Tests.MatMul
{
    /// <summary>
    /// The blocked kernel against a naive product in double precision, over shapes that exercise
    /// every edge of the blocking: sizes of 0 and 1, partial tiles, and depths, row blocks and column
    /// panels just past a block boundary, for each micro-kernel, transposition, offset and accumulate.
    /// </summary>
    public sealed class MatMulKernelTests
    {
        private const float Sentinel = -12345.5f;

        public static IEnumerable<object[]> KernelsAndLayouts()
        {
            foreach (string kernel in new[] { "Vector512", "Vector512Narrow", "Vector", "Scalar" })
            {
                foreach (bool transposeA in new[] { false, true })
                {
                    foreach (bool transposeB in new[] { false, true })
                    {
                        yield return new object[] { kernel, transposeA, transposeB };
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(KernelsAndLayouts))]
        public void Small_and_odd_shapes_match_the_reference(string kernel, bool transposeA, bool transposeB)
        {
            var random = new System.Random(HashCode.Combine(kernel, transposeA, transposeB));
            int[] sizes = { 1, 2, 3, 5, 6, 7, 13, 17, 31, 33 };
            foreach (int m in sizes)
            {
                foreach (int n in new[] { 1, 4, 15, 16, 17, 63, 64, 65, 70 })
                {
                    int k = sizes[random.Next(sizes.Length)];
                    CheckProduct(kernel, random, m, n, k, transposeA, transposeB, accumulate: random.Next(2) == 0, workers: 1);
                }
            }
        }

        [Theory]
        [MemberData(nameof(KernelsAndLayouts))]
        public void Shapes_across_block_boundaries_match_the_reference(string kernel, bool transposeA, bool transposeB)
        {
            var random = new System.Random(HashCode.Combine(kernel, transposeA, transposeB, 1));
            (int M, int N, int K)[] shapes =
            {
                (7, 9, 129), (5, 70, 257), (3, 3, 520),            // past one and two depth blocks (256 and 512)
                (3, 70, 1030), (7, 20, 1650),                     // past the AVX2 tile's depth blocks (800)
                (241, 11, 9), (130, 20, 3), (250, 65, 130),       // past the row blocks (78, 96 and 128)
                (2, 2051, 3), (7, 1030, 5),                       // past the column panels (1024 and 2048)
                (64, 130, 300), (64, 10, 128),                    // layer-like shapes, narrow outputs
                (5, 1030, 70), (70, 300, 300),                    // B as stored spans more than 256 KiB: packed, not read in place
                (96, 5, 800), (200, 70, 400),                     // A as stored: 96 rows packed (300 KiB), and 72-row blocks read in place
                (70, 256, 40), (63, 256, 40), (64, 250, 17),      // a 256-column B crowding L1: packed from 64 rows on (AVX2)
            };
            foreach ((int m, int n, int k) in shapes)
            {
                CheckProduct(kernel, random, m, n, k, transposeA, transposeB, accumulate: false, workers: 1);
                CheckProduct(kernel, random, m, n, k, transposeA, transposeB, accumulate: true, workers: 1);
            }
        }

        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(7)]
        public void Parallel_blocks_match_the_reference(int workers)
        {
            var random = new System.Random(workers);
            (int M, int N, int K)[] shapes = { (1, 1, 1), (5, 300, 7), (300, 5, 7), (97, 131, 67), (13, 400, 140), (200, 200, 33) };
            foreach ((int m, int n, int k) in shapes)
            {
                foreach (string kernel in new[] { "Vector512", "Vector512Narrow", "Vector", "Scalar" })
                {
                    bool transposeA = random.Next(2) == 0;
                    bool transposeB = random.Next(2) == 0;
                    CheckProduct(kernel, random, m, n, k, transposeA, transposeB, accumulate: random.Next(2) == 0, workers);
                }
            }
        }

        /// <summary>
        /// More callers at once than the product has workers of its own: helpers then also go to the thread pool, a busy
        /// worker is handed the next job while it finishes the last, and pooled jobs are used again while late helpers
        /// may still be looking at them. Every product must still match the reference and touch nothing outside C.
        /// </summary>
        [Fact]
        public void Products_called_from_several_threads_at_once_match_the_reference()
        {
            var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            var callers = new System.Threading.Thread[4];
            for (int t = 0; t < callers.Length; t++)
            {
                int seed = 100 + t;
                callers[t] = new System.Threading.Thread(() =>
                {
                    try
                    {
                        var random = new System.Random(seed);
                        for (int i = 0; i < 40; i++)
                        {
                            CheckProduct(
                                random.Next(2) == 0 ? "Vector" : "Scalar", random, random.Next(1, 90), random.Next(1, 90), random.Next(1, 60),
                                random.Next(2) == 0, random.Next(2) == 0, accumulate: random.Next(2) == 0, workers: 2 + random.Next(3));
                        }
                    }
                    catch (Exception exception)
                    {
                        failures.Enqueue(exception);
                    }
                });
                callers[t].Start();
            }

            foreach (System.Threading.Thread caller in callers)
            {
                caller.Join();
            }

            Assert.Empty(failures);
        }

        [Fact]
        public void The_public_entry_point_matches_the_reference_on_a_large_product()
        {
            var random = new System.Random(5);
            foreach ((bool transposeA, bool transposeB) in new[] { (false, false), (false, true), (true, false), (true, true) })
            {
                CheckProduct("Default", random, 150, 140, 130, transposeA, transposeB, accumulate: transposeA, workers: Environment.ProcessorCount);
            }
        }

        [Theory]
        [InlineData(784, 256, 8, 200)]
        [InlineData(256, 256, 8, 256)]
        [InlineData(257, 256, 8, 136)]
        [InlineData(1, 96, 6, 6)]
        [InlineData(97, 96, 6, 54)]
        [InlineData(2048, 2048, 64, 2048)]
        public void Blocks_are_balanced_and_whole_multiples(int total, int limit, int multiple, int expected)
        {
            Assert.Equal(expected, BlockedGemm<ScalarMicroKernel>.BalancedBlock(total, limit, multiple));
        }

        [Theory]
        [InlineData(256, 256, 1, true)]      // a square 256 product: 256 KiB of B, or 96 rows of A in 96 KiB
        [InlineData(256, 257, 1, false)]     // one float more per run
        [InlineData(512, 128, 1, true)]
        [InlineData(64, 784, 1, true)]       // a weight gradient's B: a batch of 64 inputs
        [InlineData(96, 784, 1, false)]      // 96 rows of a layer's input: 294 KiB
        [InlineData(512, 2048, 1, false)]    // a depth block of a large square product
        [InlineData(16, 1, 256, false)]      // B read transposed, A stored transposed: runs of values not adjacent
        public void An_operand_is_read_in_place_when_its_runs_are_adjacent_and_the_block_spans_little(int lines, int lineStride, int elementStride, bool expected)
        {
            Assert.Equal(expected, BlockedGemm<Vector512MicroKernel>.ReadsInPlace(lines, lineStride, elementStride));
        }

        /// <summary>
        /// The AVX2 tile packs a B whose steps would fall more than four to an L1 set (row strides of 2ᵖ lines) when the
        /// product has 64 rows or more; the AVX-512 tiles read them in place wherever the span allows.
        /// </summary>
        [Theory]
        [InlineData(256, 256, false)]    // 1 KiB between steps: 4 sets for 256 steps
        [InlineData(128, 512, false)]
        [InlineData(80, 784, true)]      // 49 lines between steps: every set
        [InlineData(256, 250, true)]     // not a whole number of lines
        [InlineData(64, 784, true)]
        [InlineData(16, 256, true)]      // 16 steps on 4 sets: 4 to a set
        [InlineData(17, 256, false)]
        [InlineData(256, 32, false)]     // 2 lines between steps: 32 sets, 8 to a set
        [InlineData(128, 48, true)]      // 3 lines between steps: every set, 2 to a set
        public void The_AVX2_tile_packs_B_whose_steps_crowd_few_L1_sets(int steps, int stepStride, bool expected)
        {
            Assert.Equal(expected, BlockedGemm<VectorMicroKernel>.ReadsBInPlace(steps, stepStride, 1, rows: 64));
            Assert.Equal(expected, BlockedGemm<VectorMicroKernel>.ReadsBInPlace(steps, stepStride, 1, rows: 1024));

            // Too few rows of A to repay the copy: read in place wherever the span allows.
            Assert.Equal(BlockedGemm<VectorMicroKernel>.ReadsInPlace(steps, stepStride, 1), BlockedGemm<VectorMicroKernel>.ReadsBInPlace(steps, stepStride, 1, rows: 63));
            Assert.Equal(BlockedGemm<Vector512MicroKernel>.ReadsInPlace(steps, stepStride, 1), BlockedGemm<Vector512MicroKernel>.ReadsBInPlace(steps, stepStride, 1, rows: 1024));
        }

        [Fact]
        public void Warm_calls_allocate_nothing_but_the_thread_pool_queue_now_and_then()
        {
            float[] a = new float[96 * 80];
            float[] b = new float[80 * 70];
            float[] c = new float[96 * 70];
            void SingleThreaded() => MatMulKernel.Multiply(a, 0, false, b, 0, true, c, 0, 96, 70, 80, accumulate: false);
            void Parallel() => MatMulKernel.Multiply<Vector512MicroKernel>(a, 0, false, b, 0, false, c, 0, 96, 70, 80, false, minimumWorkPerWorker: 1, maximumWorkers: 2);
            for (int i = 0; i < 20; i++)
            {
                SingleThreaded();
                Parallel();
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                SingleThreaded();
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

            // Jobs are pooled, but the thread pool's own queue grows a segment once in a while.
            const int calls = 200;
            before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                Parallel();
            }

            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * calls);
        }

        [Theory]
        [InlineData(2, 43, 13, 256, 784, 1, 2)]     // a weight gradient: split the wider side
        [InlineData(2, 11, 4, 64, 256, 1, 2)]       // a layer's forward pass on a batch of 64
        [InlineData(4, 342, 32, 2048, 2048, 2, 2)]  // a large square product
        [InlineData(3, 1, 9, 6, 576, 1, 3)]         // one row of tiles
        [InlineData(2, 1, 1, 6, 64, 1, 1)]          // one tile: nothing to split
        [InlineData(4, 3, 1, 18, 64, 3, 1)]         // fewer tiles than blocks wanted
        [InlineData(2, 43, 4, 512, 256, 2, 1)]      // a square 256 product whose A is transposed into slivers: repeat B's copy
        [InlineData(2, 43, 4, 256, 512, 1, 2)]      // the same with B read transposed: repeat A's
        public void The_grid_splits_whole_tiles_with_the_least_packing(
            int maximumBlocks, int rowTiles, int columnTiles, long aPackingCost, long bPackingCost, int expectedRowBlocks, int expectedColumnBlocks)
        {
            Assert.Equal((expectedRowBlocks, expectedColumnBlocks), MatMulKernel.ChooseGrid(maximumBlocks, rowTiles, columnTiles, aPackingCost, bPackingCost));
        }

        [Fact]
        public void A_zero_depth_clears_C_or_leaves_it_when_accumulating()
        {
            float[] c = { 1, 2, 3, 4, 5, 6, 7 };
            MatMulKernel.Multiply(Array.Empty<float>(), 0, false, Array.Empty<float>(), 0, false, c, 1, 2, 3, 0, accumulate: true);
            Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7 }, c);
            MatMulKernel.Multiply(Array.Empty<float>(), 0, false, Array.Empty<float>(), 0, false, c, 1, 2, 3, 0, accumulate: false);
            Assert.Equal(new float[] { 1, 0, 0, 0, 0, 0, 0 }, c);
        }

        [Fact]
        public void An_empty_result_touches_nothing()
        {
            float[] a = { 1, 2, 3 };
            float[] c = { 9 };
            MatMulKernel.Multiply(a, 0, false, a, 0, false, c, 0, 0, 3, 1, accumulate: false);
            MatMulKernel.Multiply(a, 0, false, a, 0, false, c, 0, 3, 0, 1, accumulate: false);
            Assert.Equal(9f, c[0]);
        }

        [Fact]
        public void Storage_too_small_for_the_shape_is_rejected()
        {
            float[] four = new float[4];
            Assert.Throws<ArgumentException>("a", () => MatMulKernel.Multiply(four, 1, false, four, 0, false, four, 0, 2, 2, 2, false));
            Assert.Throws<ArgumentException>("b", () => MatMulKernel.Multiply(new float[3], 0, false, four, 0, false, four, 0, 1, 2, 3, false));
            Assert.Throws<ArgumentException>("c", () => MatMulKernel.Multiply(four, 0, false, four, 0, false, four, 5, 1, 1, 1, false));
            Assert.Throws<ArgumentOutOfRangeException>("m", () => MatMulKernel.Multiply(four, 0, false, four, 0, false, four, 0, -1, 1, 1, false));
            Assert.Throws<ArgumentNullException>("b", () => MatMulKernel.Multiply(four, 0, false, null!, 0, false, four, 0, 1, 1, 1, false));
        }

        [Fact]
        public void Special_values_propagate_like_the_reference()
        {
            // A NaN or infinity in A reaches exactly the row of C that reads it, as in a naive product.
            float[] a = { 1, float.NaN, 2, 3, 4, 5 };
            float[] b = { 1, 1, 1, 1, 1, 1 };
            float[] c = new float[4];
            MatMulKernel.Multiply(a, 0, false, b, 0, false, c, 0, 2, 2, 3, accumulate: false);
            Assert.True(float.IsNaN(c[0]) && float.IsNaN(c[1]));
            Assert.Equal(new[] { 12f, 12f }, c[2..]);
        }

        private static void CheckProduct(string kernel, System.Random random, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, int workers)
        {
            int aOffset = random.Next(3);
            int bOffset = random.Next(3);
            int cOffset = random.Next(3);
            float[] a = RandomArray(random, aOffset + m * k + random.Next(3));
            float[] b = RandomArray(random, bOffset + k * n + random.Next(3));
            float[] c = new float[cOffset + m * n + 2];
            Array.Fill(c, Sentinel);
            float[] initial = RandomArray(random, m * n);
            initial.CopyTo(c, cOffset);

            Run(kernel, a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate, workers);

            for (int i = 0; i < cOffset; i++)
            {
                Assert.Equal(Sentinel, c[i]);
            }

            Assert.Equal(Sentinel, c[cOffset + m * n]);
            Assert.Equal(Sentinel, c[cOffset + m * n + 1]);

            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double expected = accumulate ? initial[i * n + j] : 0.0;
                    double magnitude = Math.Abs(expected);
                    for (int p = 0; p < k; p++)
                    {
                        double left = transposeA ? a[aOffset + p * m + i] : a[aOffset + i * k + p];
                        double right = transposeB ? b[bOffset + j * k + p] : b[bOffset + p * n + j];
                        expected += left * right;
                        magnitude += Math.Abs(left * right);
                    }

                    // Float rounding of a k-term sum is bounded by about (k + 1) · 2⁻²⁴ · Σ|terms|.
                    double tolerance = (k + 2) * 6.0e-8 * magnitude + 1e-30;
                    double actual = c[cOffset + i * n + j];
                    if (Math.Abs(actual - expected) > tolerance)
                    {
                        Assert.Fail(
                            $"{kernel} m={m} n={n} k={k} transposeA={transposeA} transposeB={transposeB} accumulate={accumulate} " +
                            $"workers={workers}: C[{i},{j}] = {actual}, expected {expected} ± {tolerance}.");
                    }
                }
            }
        }

        private static void Run(
            string kernel, float[] a, int aOffset, bool transposeA, float[] b, int bOffset, bool transposeB,
            float[] c, int cOffset, int m, int n, int k, bool accumulate, int workers)
        {
            // One worker per multiply-add at most: small products still take the parallel path.
            const long minimumWork = 1;
            switch (kernel)
            {
                case "Default":
                    MatMulKernel.Multiply(a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate);
                    break;
                case "Vector512":
                    MatMulKernel.Multiply<Vector512MicroKernel>(a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate, minimumWork, workers);
                    break;
                case "Vector512Narrow":
                    MatMulKernel.Multiply<Vector512NarrowMicroKernel>(a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate, minimumWork, workers);
                    break;
                case "Vector":
                    MatMulKernel.Multiply<VectorMicroKernel>(a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate, minimumWork, workers);
                    break;
                case "Scalar":
                    MatMulKernel.Multiply<ScalarMicroKernel>(a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate, minimumWork, workers);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown kernel.");
            }
        }

        private static float[] RandomArray(System.Random random, int length)
        {
            var values = new float[length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(random.NextDouble() * 2.0 - 1.0);
            }

            return values;
        }
    }
}
