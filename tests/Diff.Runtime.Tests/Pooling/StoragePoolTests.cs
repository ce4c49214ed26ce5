using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Diff.Internal;
using Diff.NN;
using Diff.Optim;

namespace Diff.Runtime.Tests.Pooling
{
    /// <summary>
    /// The storage pool behind generated gradient calls: a steady-state training step allocates little, and no
    /// storage goes back while a tensor that outlives the call (a result, a view of it, a parameter, a gradient, a
    /// cached constant, another model's tensors) still holds it.
    /// </summary>
    public sealed class StoragePoolTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper _output;

        public StoragePoolTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

        private static Sequential Perceptron(int seed, int hidden1 = 256, int hidden2 = 128)
        {
            var generator = new Diff.Generator(seed);
            return new Sequential(
                new Linear(784, hidden1, generator: generator), new ReLU(),
                new Linear(hidden1, hidden2, generator: generator), new ReLU(),
                new Linear(hidden2, 10, generator: generator));
        }

        private static (Tensor X, int[] Y) Batch(int seed, int size)
        {
            Tensor x = Tensor.Randn(new[] { size, 784 }, new Diff.Generator(seed));
            var random = new System.Random(seed);
            return (x, Enumerable.Range(0, size).Select(_ => random.Next(10)).ToArray());
        }

        private static float Step(Module model, Optimizer optimizer, Tensor x, int[] y)
        {
            optimizer.ZeroGrad();
            Tensor loss = PooledFunctions.LossGradient(model, x, y);
            optimizer.Step();
            return loss.Item();
        }

        private static float[][] Snapshot(Module model) => model.Parameters().Select(p => p.Value.ToArray()).ToArray();

        [Theory]
        [InlineData(64)]
        [InlineData(256)]
        public void SteadyStateTrainingStepAllocatesAtMost64KB(int batch)
        {
            Sequential model = Perceptron(1);
            var optimizer = new SGD(model.Parameters(), lr: 0.01, momentum: 0.9);
            (Tensor x, int[] y) = Batch(2, batch);
            for (int i = 0; i < 5; i++)
            {
                Step(model, optimizer, x, y);
            }

            // Five windows of ten steps, and the median window: a window in which something outside the step happens
            // once (the thread pool starting a thread for a late helper, the shared array pool refilling a bucket after
            // a full collection, both of which a busy test run provokes) is not the steady state, while a step that
            // itself allocates more than the limit raises every window.
            const int Windows = 5, Steps = 10;
            var perStep = new long[Windows];
            for (int window = 0; window < Windows; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < Steps; i++)
                {
                    Step(model, optimizer, x, y);
                }

                perStep[window] = (GC.GetAllocatedBytesForCurrentThread() - before) / Steps;
            }

            long median = perStep.OrderBy(b => b).ElementAt(Windows / 2);
            _output.WriteLine($"784-256-128-10, batch {batch}: {median} bytes per steady-state step on this thread (median window; windows: {string.Join(", ", perStep)}).");
            Assert.True(median <= 64 * 1024, $"A steady-state step allocated {median} bytes on this thread in the median window (limit 65536; windows: {string.Join(", ", perStep)}).");
        }

        [Fact]
        public async Task PooledTrainingMatchesTrainingThatStartsEveryStepWithAnEmptyPool()
        {
            // Reference: every step on a fresh thread, whose pool is empty, so nothing is reused.
            Sequential reference = Perceptron(3, 32, 16);
            var referenceOptimizer = new SGD(reference.Parameters(), lr: 0.05, momentum: 0.9);
            (Tensor x, int[] y) = Batch(4, 16);
            var referenceLosses = new List<float>();
            for (int i = 0; i < 6; i++)
            {
                referenceLosses.Add(await Task.Factory.StartNew(() => Step(reference, referenceOptimizer, x, y), TaskCreationOptions.LongRunning));
            }

            Sequential pooled = Perceptron(3, 32, 16);
            var pooledOptimizer = new SGD(pooled.Parameters(), lr: 0.05, momentum: 0.9);
            var pooledLosses = new List<float>();
            for (int i = 0; i < 6; i++)
            {
                pooledLosses.Add(Step(pooled, pooledOptimizer, x, y));
            }

            Assert.Equal(referenceLosses, pooledLosses);
            Assert.Equal(Snapshot(reference), Snapshot(pooled));
            Assert.NotEqual(referenceLosses[0], referenceLosses[^1]);
        }

        [Fact]
        public void TwoModelsTrainedInterleavedMatchEachTrainedAlone()
        {
            (Tensor x, int[] y) = Batch(5, 16);
            (Tensor x2, int[] y2) = Batch(6, 16);
            Sequential a = Perceptron(7, 32, 16), b = Perceptron(8, 32, 16);
            var optimizerA = new SGD(a.Parameters(), lr: 0.05, momentum: 0.9);
            var optimizerB = new SGD(b.Parameters(), lr: 0.05, momentum: 0.9);
            var lossesA = new List<float>();
            var lossesB = new List<float>();
            for (int i = 0; i < 5; i++)
            {
                lossesA.Add(Step(a, optimizerA, x, y));
                lossesB.Add(Step(b, optimizerB, x2, y2));
            }

            Sequential aloneA = Perceptron(7, 32, 16), aloneB = Perceptron(8, 32, 16);
            var aloneOptimizerA = new SGD(aloneA.Parameters(), lr: 0.05, momentum: 0.9);
            var aloneOptimizerB = new SGD(aloneB.Parameters(), lr: 0.05, momentum: 0.9);
            Assert.Equal(lossesA, Enumerable.Range(0, 5).Select(_ => Step(aloneA, aloneOptimizerA, x, y)));
            Assert.Equal(lossesB, Enumerable.Range(0, 5).Select(_ => Step(aloneB, aloneOptimizerB, x2, y2)));
            Assert.Equal(Snapshot(aloneA), Snapshot(a));
            Assert.Equal(Snapshot(aloneB), Snapshot(b));
        }

        [Fact]
        public async Task ModelsTrainedOnSeveralThreadsAtOnceMatchOneTrainedAlone()
        {
            (Tensor x, int[] y) = Batch(9, 16);
            Sequential alone = Perceptron(10, 32, 16);
            var aloneOptimizer = new SGD(alone.Parameters(), lr: 0.05, momentum: 0.9);
            float[] aloneLosses = Enumerable.Range(0, 8).Select(_ => Step(alone, aloneOptimizer, x, y)).ToArray();

            float[][] losses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
            {
                Sequential model = Perceptron(10, 32, 16);
                var optimizer = new SGD(model.Parameters(), lr: 0.05, momentum: 0.9);
                float[] result = Enumerable.Range(0, 8).Select(_ => Step(model, optimizer, x, y)).ToArray();
                Assert.Equal(Snapshot(alone), Snapshot(model));
                return result;
            }, TaskCreationOptions.LongRunning)));

            foreach (float[] threadLosses in losses)
            {
                Assert.Equal(aloneLosses, threadLosses);
            }
        }

        [Fact]
        public void ResultsAndGradientsKeptAcrossCallsStayUnchanged()
        {
            Sequential model = Perceptron(11, 32, 16);
            (Tensor x, int[] y) = Batch(12, 8);
            var kept = new List<(Tensor Loss, float Value, Tensor[] Grads, float[][] GradValues)>();
            for (int i = 0; i < 4; i++)
            {
                model.ZeroGrad();
                Tensor loss = PooledFunctions.LossGradient(model, x, y);
                // Clones: ZeroGrad recycles .Grad's own storage by design, so a gradient kept past it is cloned.
                Tensor[] grads = model.Parameters().Select(p => p.Grad!.Clone()).ToArray();
                kept.Add((loss, loss.Item(), grads, grads.Select(g => g.ToArray()).ToArray()));
                foreach (Parameter parameter in model.Parameters())
                {
                    parameter.Value.AddInPlace(parameter.Grad! * -0.1f);
                }
            }

            foreach ((Tensor loss, float value, Tensor[] grads, float[][] gradValues) in kept)
            {
                Assert.False(loss.IsReleased);
                Assert.Equal(value, loss.Item());
                Assert.Equal(gradValues, grads.Select(g => g.ToArray()));
            }

            Assert.NotEqual(kept[0].Value, kept[^1].Value);
        }

        [Fact]
        public void ResultThatIsAViewOfAnIntermediateStaysValid()
        {
            Tensor w = Tensor.Randn(new[] { 6, 5 }, new Diff.Generator(13));
            var kept = new List<(Tensor Result, float[] Values, Tensor Gradient, float[] GradientValues)>();
            for (int i = 0; i < 4; i++)
            {
                Tensor x = Tensor.Randn(new[] { 4, 6 }, new Diff.Generator(20 + i));
                Tensor dW = Tensor.ZerosLike(w);
                Tensor activations = PooledFunctions.ActivationsPullback(w, x, Tensor.OnesLike(Tensor.Zeros(20)), dW);
                kept.Add((activations, activations.ToArray(), dW, dW.ToArray()));
            }

            foreach ((Tensor result, float[] values, Tensor gradient, float[] gradientValues) in kept)
            {
                Assert.False(result.IsReleased);
                Assert.Equal(values, result.ToArray());
                Assert.Equal(gradientValues, gradient.ToArray());
            }

            Assert.NotEqual(kept[0].Values, kept[1].Values);
        }

        [Fact]
        public void ViewsOfIntermediatesInsideTheCallGiveTheUnpooledGradient()
        {
            Tensor w = Tensor.Randn(new[] { 6, 5 }, new Diff.Generator(14));
            Tensor x = Tensor.Randn(new[] { 4, 6 }, new Diff.Generator(15));
            Tensor first = Tensor.ZerosLike(w);
            float firstLoss = PooledFunctions.ViewOfIntermediateGradient(w, x, first).Item();
            for (int i = 0; i < 3; i++)
            {
                Tensor again = Tensor.ZerosLike(w);
                Assert.Equal(firstLoss, PooledFunctions.ViewOfIntermediateGradient(w, x, again).Item());
                Assert.Equal(first.ToArray(), again.ToArray());
            }

            // d/dw of 2·sum(relu(x w)) is 2·xᵀ·[x w > 0].
            float[] slope = Tensor.MatMul(x, w).ToArray().Select(v => v > 0f ? 2f : 0f).ToArray();
            float[] expected = Tensor.MatMul(x.Transpose(0, 1), Tensor.FromArray(slope, 4, 5)).ToArray();
            Assert.Equal(expected, first.ToArray(), new FloatTolerance(1e-5f));
        }

        [Fact]
        public void ConstantCachedByHostCodeDuringACallIsNeverReused()
        {
            Tensor w = Tensor.Randn(new[] { 6, 5 }, new Diff.Generator(16));
            Tensor x = Tensor.Randn(new[] { 4, 6 }, new Diff.Generator(17));
            PooledFunctions.ScaledByCachedConstantGradient(w, x, Tensor.ZerosLike(w));
            Tensor cached = PooledFunctions.CachedScale(5);
            float[] values = cached.ToArray();
            for (int i = 0; i < 4; i++)
            {
                PooledFunctions.ScaledByCachedConstantGradient(w, x, Tensor.ZerosLike(w));
                Tensor.MatMul(x, w).Relu().Exp();
            }

            Assert.Same(cached, PooledFunctions.CachedScale(5));
            Assert.False(cached.IsReleased);
            Assert.Equal(values, cached.ToArray());
            Assert.All(values, v => Assert.Equal(MathF.Exp(3f), v, 3f));
        }

        [Fact]
        public void IntermediateHandedToHostCodeIsNeverReused()
        {
            Tensor w = Tensor.Randn(new[] { 6, 5 }, new Diff.Generator(18));
            var values = new List<float[]>();
            for (int i = 0; i < 4; i++)
            {
                Tensor x = Tensor.Randn(new[] { 4, 6 }, new Diff.Generator(30 + i));
                PooledFunctions.LoggedHiddenGradient(w, x, Tensor.ZerosLike(w));
                values.Add(PooledFunctions.Logged[^1].ToArray());
            }

            Assert.Equal(4, PooledFunctions.Logged.Count);
            Assert.All(PooledFunctions.Logged, t => Assert.False(t.IsReleased));
            Assert.Equal(values, PooledFunctions.Logged.Select(t => t.ToArray()));
            Assert.NotEqual(values[0], values[1]);
        }

        [Fact]
        public void UnwindReturnsOnlyAdoptedStorageThatNothingShares()
        {
            Tensor input = Tensor.FromArray(new[] { -1f, 2f, -3f, 4f });
            Tensor madeBefore = input.Relu();
            var stack = new ValueStack();
            long mark = stack.Mark();
            Tensor adopted = stack.Own(mark, input.Relu());
            Tensor viewed = stack.Own(mark, input.Exp());
            Tensor view = viewed.Reshape(2, 2);
            Tensor result = stack.Own(mark, input.Tanh());
            Tensor kept = stack.Own(mark, input.Abs());
            stack.Keep(kept);
            stack.Own(mark, madeBefore);
            stack.Own(mark, input);

            float[] adoptedStorage = adopted.Data;
            stack.Unwind(result);

            Assert.True(adopted.IsReleased);
            Assert.True(StoragePool.IsFree(adoptedStorage));
            Assert.Throws<InvalidOperationException>(() => adopted.ToArray().Length + adopted.AsSpan().Length);
            Assert.False(viewed.IsReleased);
            Assert.Equal(view.ToArray(), viewed.ToArray());
            Assert.False(result.IsReleased);
            Assert.False(kept.IsReleased);
            Assert.False(madeBefore.IsReleased);
            Assert.False(input.IsReleased);
            Assert.Equal(new[] { 0f, 2f, 0f, 4f }, madeBefore.ToArray());
        }

        [Fact]
        public void ParametersAndBuffersAreNeverAdopted()
        {
            var stack = new ValueStack();
            long mark = stack.Mark();
            Tensor value = Tensor.FromArray(new[] { 1f, 2f }).Exp();
            var parameter = new Parameter(value);
            var norm = new BatchNorm1d(3);
            stack.Own(mark, value);
            stack.Own(mark, norm.RunningMean!);
            stack.Unwind(Tensor.Scalar(0f));
            Assert.False(value.IsReleased);
            Assert.Same(value, parameter.Value);
            Assert.False(norm.RunningMean!.IsReleased);
        }

        [Fact]
        public async Task TensorRentedOnAnotherThreadIsNotAdopted()
        {
            var stack = new ValueStack();
            long mark = stack.Mark();
            Tensor elsewhere = await Task.Factory.StartNew(() => Tensor.FromArray(new[] { 1f, 2f }).Exp(), TaskCreationOptions.LongRunning);
            stack.Own(mark, elsewhere);
            stack.Unwind(Tensor.Scalar(0f));
            Assert.False(elsewhere.IsReleased);
        }

        [Fact]
        public void RentedStorageIsZeroedWhereOpsRelyOnIt()
        {
            // Fill the pool with arrays of 12 elements holding non-zero garbage, then run ops that allocate that size.
            var stack = new ValueStack();
            long mark = stack.Mark();
            for (int i = 0; i < 4; i++)
            {
                stack.Own(mark, Tensor.Full(new[] { 12 }, 7f).Exp());
            }

            stack.Unwind(Tensor.Scalar(0f));
            Tensor fresh = Tensor.Zeros(3, 4);
            Assert.Equal(new float[12], fresh.ToArray());
            Tensor summed = Tensor.Ones(3, 4, 1).SumTo(new[] { 3, 4, 1 });
            Assert.All(summed.ToArray(), v => Assert.Equal(1f, v));
            Tensor product = Tensor.MatMul(Tensor.Ones(3, 2), Tensor.Ones(2, 4));
            Assert.All(product.ToArray(), v => Assert.Equal(2f, v));
        }

        private sealed class FloatTolerance : IEqualityComparer<float>
        {
            private readonly float _tolerance;

            public FloatTolerance(float tolerance) => _tolerance = tolerance;

            public bool Equals(float x, float y) => MathF.Abs(x - y) <= _tolerance * MathF.Max(1f, MathF.Abs(x));

            public int GetHashCode(float obj) => 0;
        }
    }
}
