using System.Collections.Generic;
using System.Linq;
using Diff.NN;
using Diff.Training;

namespace Diff.Runtime.Tests.Training
{
    /// <summary>DataLoader's contract: batch count, sizes, dropLast, every sample once per epoch, reproducible shuffling.</summary>
    public sealed class DataLoaderTests
    {
        /// <summary>Sample i has input row [i, 100 + i] and label i, so a batch shows which samples it holds.</summary>
        private static TensorDataset<IntTensor> Numbered(int count)
        {
            var inputs = new float[count * 2];
            for (int i = 0; i < count; i++)
            {
                inputs[2 * i] = i;
                inputs[2 * i + 1] = 100 + i;
            }

            return TensorDataset.Create(Tensor.FromArray(inputs, count, 2), IntTensor.Arange(count));
        }

        [Theory]
        [InlineData(10, 3, false, 4, new[] { 3, 3, 3, 1 })]
        [InlineData(10, 3, true, 3, new[] { 3, 3, 3 })]
        [InlineData(9, 3, false, 3, new[] { 3, 3, 3 })]
        [InlineData(9, 3, true, 3, new[] { 3, 3, 3 })]
        [InlineData(2, 5, false, 1, new[] { 2 })]
        [InlineData(2, 5, true, 0, new int[0])]
        public void BatchCountAndSizes(int samples, int batchSize, bool dropLast, int batches, int[] sizes)
        {
            var loader = DataLoader.Create(Numbered(samples), batchSize, dropLast: dropLast);
            Assert.Equal(batches, loader.Count);
            List<Batch<IntTensor>> all = loader.ToList();
            Assert.Equal(sizes, all.Select(b => b.Input.Shape[0]));
            Assert.Equal(sizes, all.Select(b => b.Target.Shape[0]));
        }

        [Fact]
        public void UnshuffledKeepsOrderAndPairsInputsWithTargets()
        {
            var loader = DataLoader.Create(Numbered(7), 3);
            var (x, y) = loader.Skip(1).First();
            Assert.Equal(new[] { 3f, 103, 4, 104, 5, 105 }, x.ToArray());
            Assert.Equal(new[] { 3, 4, 5 }, y.ToArray());
        }

        [Fact]
        public void ShuffledEpochCoversEverySampleOnceAndKeepsPairs()
        {
            var loader = DataLoader.Create(Numbered(23), 4, shuffle: true, generator: new Generator(5));
            for (int epoch = 0; epoch < 3; epoch++)
            {
                var seen = new List<int>();
                foreach (var (x, y) in loader)
                {
                    float[] rows = x.ToArray();
                    int[] labels = y.ToArray();
                    for (int i = 0; i < labels.Length; i++)
                    {
                        Assert.Equal(labels[i], rows[2 * i]);
                        Assert.Equal(100 + labels[i], rows[2 * i + 1]);
                    }

                    seen.AddRange(labels);
                }

                Assert.Equal(Enumerable.Range(0, 23), seen.OrderBy(i => i));
            }
        }

        [Fact]
        public void ShuffleIsReproducibleWithASeedAndChangesBetweenEpochs()
        {
            static List<int[]> Epochs(DataLoader<Batch<IntTensor>> loader) =>
                Enumerable.Range(0, 3).Select(_ => loader.SelectMany(b => b.Target.ToArray()).ToArray()).ToList();

            List<int[]> first = Epochs(DataLoader.Create(Numbered(20), 6, shuffle: true, generator: new Generator(11)));
            List<int[]> again = Epochs(DataLoader.Create(Numbered(20), 6, shuffle: true, generator: new Generator(11)));
            Assert.Equal(first, again);
            Assert.NotEqual(first[0], first[1]);
            Assert.NotEqual(Enumerable.Range(0, 20), first[0]);
            // Shuffling with the default generator after a seed: RandomSeedTests.
        }

        [Fact]
        public void DropLastWithShuffleDropsDifferentSamplesButNeverRepeats()
        {
            var loader = DataLoader.Create(Numbered(10), 4, shuffle: true, dropLast: true, generator: new Generator(2));
            int[] epoch = loader.SelectMany(b => b.Target.ToArray()).ToArray();
            Assert.Equal(8, epoch.Length);
            Assert.Equal(8, epoch.Distinct().Count());
        }

        [Fact]
        public void FloatTargetsAndArgumentErrors()
        {
            var dataset = TensorDataset.Create(Tensor.Arange(6).Reshape(3, 2), Tensor.Arange(3));
            Assert.Equal(new[] { 2f }, DataLoader.Create(dataset, 2).Last().Target.ToArray());
            Assert.Equal("targets", Assert.Throws<ArgumentException>(() => TensorDataset.Create(Tensor.Zeros(3, 2), Tensor.Zeros(4))).ParamName);
            Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => DataLoader.Create(dataset, 0)).ParamName);
        }

        [Fact]
        public void ClipGradNormScalesByTheTotalTwoNorm()
        {
            var a = new Parameter(Tensor.Zeros(2));
            var b = new Parameter(Tensor.Zeros(1));
            var frozen = new Parameter(Tensor.Zeros(1));
            a.AccumulateGrad(Tensor.FromArray(new[] { 3f, 4f }));
            b.AccumulateGrad(Tensor.FromArray(new[] { 12f }));
            double total = GradientClipping.ClipGradNorm(new[] { a, b, frozen }, 6.5);
            Assert.Equal(13.0, total, 6);
            float scale = (float)(6.5 / (13 + 1e-6));
            Assert.Equal(new[] { 3f * scale, 4f * scale }, a.Grad!.ToArray());
            Assert.Equal(new[] { 12f * scale }, b.Grad!.ToArray());

            // Below the limit nothing changes, and the norm is still returned.
            Assert.Equal(Math.Sqrt(3 * 3 + 4 * 4) * 6.5 / 13, GradientClipping.ClipGradNorm(new[] { a }, 100), 5);
            Assert.Equal(new[] { 3f * scale, 4f * scale }, a.Grad!.ToArray());

            Assert.Equal(12f * scale, GradientClipping.ClipGradNorm(new[] { a, b }, 100, double.PositiveInfinity), 5);
        }

        [Fact]
        public void ClipGradValueClampsEachElement()
        {
            var a = new Parameter(Tensor.Zeros(3));
            a.AccumulateGrad(Tensor.FromArray(new[] { -3f, 0.5f, 2f }));
            GradientClipping.ClipGradValue(new[] { a }, 1);
            Assert.Equal(new[] { -1f, 0.5f, 1f }, a.Grad!.ToArray());
        }
    }
}
