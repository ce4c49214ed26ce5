using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace Diff.Runtime.Tests.MatMul
{
    /// <summary>
    /// The row blocks of a parallel block's last panel step, shared between the block's owner and workers done with
    /// their own: each row block is computed exactly once, by one side or the other, the owner waits for its helpers, and
    /// a helper's failure reaches the owner. Then whole products with a helper running beside the owner.
    /// </summary>
    public sealed unsafe class SharedRowBlocksTests
    {
        // The row blocks a test's stand-in for the kernel computed, and by whom; one test at a time uses them.
        private static readonly object s_recordGate = new();
        private static ConcurrentQueue<(string By, int FirstRow, int Rows)> s_computed = new();
        private static SharedRowBlocks? s_owned;
        private static int s_failOnRow = -1;
        private static ManualResetEventSlim? s_helperStarted;
        private static ManualResetEventSlim? s_helperMayFinish;

        [Fact]
        public void A_helper_alone_computes_every_row_block_once_from_the_back()
        {
            lock (s_recordGate)
            {
                Reset();
                var shared = new SharedRowBlocks();
                shared.Open(StepWithRows(10), blockRows: 2, &RecordAsHelper, scratchLength: 4);
                shared.Help();
                Assert.Equal(-1, shared.ClaimFront());
                shared.Close();

                Assert.Equal(new[] { (8, 2), (6, 2), (4, 2), (2, 2), (0, 2) }, Computed("helper"));
                Assert.Equal(0, shared.Unclaimed);
            }
        }

        [Fact]
        public void Owner_and_helper_meet_in_the_middle_and_share_nothing()
        {
            lock (s_recordGate)
            {
                Reset();
                var shared = new SharedRowBlocks();
                s_owned = shared;

                // 11 rows in blocks of 3: the last block has 2. The stand-in lets the owner claim one block from the
                // front each time the helper computes one from the back.
                shared.Open(StepWithRows(11), blockRows: 3, &RecordAsHelperWhileOwnerClaims, scratchLength: 4);
                int first = shared.ClaimFront();
                shared.Help();
                Assert.Equal(-1, shared.ClaimFront());
                shared.Close();

                Assert.Equal(0, first);
                Assert.Equal(new[] { (9, 2), (6, 3) }, Computed("helper"));
                Assert.Equal(new[] { (3, 3) }, Computed("owner"));
            }
        }

        [Fact]
        public void Nothing_is_claimed_once_closed_or_before_opened()
        {
            lock (s_recordGate)
            {
                Reset();
                var shared = new SharedRowBlocks();
                shared.Help();
                Assert.Equal(-1, shared.ClaimFront());

                shared.Open(StepWithRows(6), blockRows: 6, &RecordAsHelper, scratchLength: 4);
                Assert.Equal(1, shared.Unclaimed);
                shared.Close();
                shared.Help();
                Assert.Equal(-1, shared.ClaimFront());
                Assert.Empty(s_computed);
            }
        }

        [Fact]
        public void A_helpers_failure_is_rethrown_by_the_owner_once_every_row_block_is_done()
        {
            lock (s_recordGate)
            {
                Reset();
                s_failOnRow = 4;
                var shared = new SharedRowBlocks();
                shared.Open(StepWithRows(8), blockRows: 2, &RecordAsHelper, scratchLength: 4);
                shared.Help();
                var thrown = Assert.Throws<InvalidOperationException>(shared.Close);

                Assert.Contains("row 4", thrown.Message, StringComparison.Ordinal);
                Assert.Equal(new[] { (6, 2), (4, 2), (2, 2), (0, 2) }, Computed("helper"));

                // The failure is the use's own: the next use of the same blocks starts clean.
                s_failOnRow = -1;
                shared.Open(StepWithRows(2), blockRows: 2, &RecordAsHelper, scratchLength: 4);
                shared.Close();
            }
        }

        [Fact]
        public void The_owner_closes_only_after_its_helper_finished_the_row_block_it_took()
        {
            lock (s_recordGate)
            {
                Reset();
                using var started = new ManualResetEventSlim();
                using var mayFinish = new ManualResetEventSlim();
                s_helperStarted = started;
                s_helperMayFinish = mayFinish;
                var shared = new SharedRowBlocks();
                shared.Open(StepWithRows(4), blockRows: 4, &RecordAsSlowHelper, scratchLength: 4);

                var helper = new Thread(shared.Help);
                helper.Start();
                Assert.True(started.Wait(TimeSpan.FromMinutes(1)));

                var owner = new Thread(shared.Close);
                owner.Start();

                // The helper is still inside its row block, so the owner is still waiting however long it is given.
                Assert.False(owner.Join(TimeSpan.FromMilliseconds(200)));
                mayFinish.Set();
                helper.Join();
                owner.Join();
                Assert.Equal(new[] { (0, 4) }, Computed("helper"));
            }
        }

        /// <summary>
        /// Whole products, each block's last step offered while another thread keeps helping: whichever rows it takes,
        /// the product matches the one computed alone, to the last bit (each row block is the same sequence of
        /// multiply-adds whoever computes it).
        /// </summary>
        [Theory]
        [InlineData(300, 200, 150, false, false)]
        [InlineData(500, 70, 900, true, false)]   // two depth blocks of the AVX2 tile: only the second is shared
        [InlineData(97, 2100, 40, false, true)]   // two column panels: only the last one's step is shared
        [InlineData(250, 64, 300, true, true)]
        public void Products_with_a_helper_beside_the_owner_match_those_computed_alone(int m, int n, int k, bool transposeA, bool transposeB)
        {
            var random = new System.Random(m + n + k);
            float[] a = RandomArray(random, m * k);
            float[] b = RandomArray(random, k * n);
            float[] initial = RandomArray(random, m * n);
            for (int round = 0; round < 6; round++)
            {
                bool accumulate = round % 2 == 1;
                float[] alone = (float[])initial.Clone();
                float[] helped = (float[])initial.Clone();
                Multiply<VectorMicroKernel>(a, transposeA, b, transposeB, alone, m, n, k, accumulate, sharedRows: null);

                var shared = new SharedRowBlocks();
                using var done = new ManualResetEventSlim();
                var helper = new Thread(() =>
                {
                    while (!done.IsSet)
                    {
                        shared.Help();
                    }
                });
                helper.Start();
                Multiply<VectorMicroKernel>(a, transposeA, b, transposeB, helped, m, n, k, accumulate, shared);
                done.Set();
                helper.Join();

                Assert.Equal(alone, helped);
            }
        }

        private static void Multiply<TKernel>(float[] a, bool transposeA, float[] b, bool transposeB, float[] c, int m, int n, int k, bool accumulate, SharedRowBlocks? sharedRows)
            where TKernel : struct, IMicroKernel
        {
            fixed (float* aData = a)
            fixed (float* bData = b)
            fixed (float* cData = c)
            {
                var aView = transposeA ? new StridedMatrix(aData, 1, m) : new StridedMatrix(aData, k, 1);
                var bView = transposeB ? new StridedMatrix(bData, 1, k) : new StridedMatrix(bData, n, 1);
                BlockedGemm<TKernel>.Multiply(new GemmProblem(aView, bView, cData, n, m, n, k, accumulate), sharedRows);
            }
        }

        private static PanelStep StepWithRows(int rows) =>
            new(new GemmProblem(default, default, null, 1, rows, 1, 1, accumulate: false), 0, 1, 0, 1, 0, null);

        private static void Reset()
        {
            s_computed = new ConcurrentQueue<(string, int, int)>();
            s_owned = null;
            s_failOnRow = -1;
            s_helperStarted = null;
            s_helperMayFinish = null;
        }

        private static List<(int FirstRow, int Rows)> Computed(string by)
        {
            var rows = new List<(int, int)>();
            foreach ((string who, int firstRow, int count) in s_computed)
            {
                if (who == by)
                {
                    rows.Add((firstRow, count));
                }
            }

            return rows;
        }

        private static void RecordAsHelper(in PanelStep step, int firstRow, int rows, float* scratch)
        {
            s_computed.Enqueue(("helper", firstRow, rows));
            if (firstRow == s_failOnRow)
            {
                throw new InvalidOperationException($"Failed on row {firstRow}.");
            }
        }

        private static void RecordAsHelperWhileOwnerClaims(in PanelStep step, int firstRow, int rows, float* scratch)
        {
            s_computed.Enqueue(("helper", firstRow, rows));
            int ownerBlock = s_owned!.ClaimFront();
            if (ownerBlock >= 0)
            {
                s_computed.Enqueue(("owner", ownerBlock * 3, Math.Min(3, step.Problem.M - ownerBlock * 3)));
            }
        }

        private static void RecordAsSlowHelper(in PanelStep step, int firstRow, int rows, float* scratch)
        {
            s_helperStarted!.Set();
            s_helperMayFinish!.Wait();
            s_computed.Enqueue(("helper", firstRow, rows));
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
