using System;
using Xunit;

namespace Diff.Workloads.Tests
{
    /// <summary>The ADBench LSTM objective and its generated gradient, against ADBench's test values.</summary>
    public class LstmTests
    {
        private static LstmData Load() => LstmData.Load(AdBenchData.File("data/lstm/lstm_l2_c1024.txt"));

        [Fact]
        public void Objective_reproduces_the_reference_loss()
        {
            LstmData d = Load();
            double loss = Lstm.Objective(d.Main, d.Extra, d.State, d.Sequence, d.Layers, d.Characters, d.Bits);
            double[] expected = Compare.ReadReference("reference_values_from_tests/lstm_test_F.txt");
            Assert.True(Math.Abs(expected[0] - loss) < 1e-8, $"loss {loss:R}, expected {expected[0]:R}");
        }

        [Fact]
        public void Generated_gradient_reproduces_the_reference()
        {
            LstmData d = Load();
            var dMain = new double[d.Main.Length];
            var dExtra = new double[d.Extra.Length];
            double loss = Lstm.ObjectiveGradient(d.Main, d.Extra, d.State, d.Sequence, d.Layers, d.Characters, d.Bits, dMain, dExtra);
            Assert.Equal(Lstm.Objective(d.Main, d.Extra, d.State, d.Sequence, d.Layers, d.Characters, d.Bits), loss);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/lstm_test_J.txt"), Compare.Concat(dMain, dExtra), 1e-8, "J");
        }

        /// <summary>
        /// Once warm, a gradient call allocates no more than the objective (its copy of the state): the helpers' halves
        /// take their scratch from the per-thread pools.
        /// </summary>
        [Fact]
        public void A_warm_gradient_allocates_nothing()
        {
            LstmData d = Load();
            var dMain = new double[d.Main.Length];
            var dExtra = new double[d.Extra.Length];
            for (int warm = 0; warm < 3; warm++)
            {
                Lstm.Objective(d.Main, d.Extra, d.State, d.Sequence, d.Layers, d.Characters, d.Bits);
                Lstm.ObjectiveGradient(d.Main, d.Extra, d.State, d.Sequence, d.Layers, d.Characters, d.Bits, dMain, dExtra);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            Lstm.Objective(d.Main, d.Extra, d.State, d.Sequence, d.Layers, d.Characters, d.Bits);
            long objective = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            Lstm.ObjectiveGradient(d.Main, d.Extra, d.State, d.Sequence, d.Layers, d.Characters, d.Bits, dMain, dExtra);
            long gradient = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(gradient == 0, $"objective {objective} B, gradient {gradient} B");
        }
    }
}
