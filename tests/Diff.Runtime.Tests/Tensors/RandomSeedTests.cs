using System.Collections.Generic;
using System.Linq;
using Diff.NN;
using Diff.Training;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>
    /// The tests that reseed and then draw from the process-wide default generator. They run in a
    /// collection of their own, alone, so that no test running alongside draws between the seed and
    /// the draws it is meant to fix.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class DefaultGeneratorCollection
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "Default generator";
    }

    /// <summary><see cref="Diff.Random.ManualSeed"/> makes every default-generator draw reproducible, like <c>torch.manual_seed</c>.</summary>
    [Collection(DefaultGeneratorCollection.Name)]
    public sealed class RandomSeedTests
    {
        /// <summary>Every kind of default-generator draw, in one fixed order.</summary>
        private sealed record Draws(float[] Randn, float[] Kaiming, float[] LinearWeight, int[][] Shuffled, float[] DropoutOutput)
        {
            public void AssertEqual(Draws other)
            {
                Assert.Equal(Randn, other.Randn);
                Assert.Equal(Kaiming, other.Kaiming);
                Assert.Equal(LinearWeight, other.LinearWeight);
                Assert.Equal(Shuffled, other.Shuffled);
                Assert.Equal(DropoutOutput, other.DropoutOutput);
            }
        }

        private static Draws DrawAfterSeed(int seed)
        {
            Diff.Random.ManualSeed(seed);
            float[] randn = Tensor.Randn(new[] { 6 }).ToArray();
            float[] kaiming = Init.KaimingUniform(Tensor.Zeros(4, 5)).ToArray();
            float[] linear = new Linear(5, 3).Weight.Value.ToArray();
            TensorDataset<IntTensor> data = TensorDataset.Create(Tensor.Zeros(12, 1), IntTensor.Arange(12));
            DataLoader<Batch<IntTensor>> loader = DataLoader.Create(data, 5, shuffle: true);
            int[][] shuffled = Enumerable.Range(0, 2).Select(_ => loader.SelectMany(b => b.Target.ToArray()).ToArray()).ToArray();
            float[] dropped = new Dropout(0.5f).Forward(Tensor.Ones(40)).ToArray();
            return new Draws(randn, kaiming, linear, shuffled, dropped);
        }

        [Fact]
        public void TheSameSeedGivesTheSameDraws()
        {
            Draws first = DrawAfterSeed(7);
            Draws second = DrawAfterSeed(7);
            first.AssertEqual(second);
            Assert.Equal(7, Diff.Random.InitialSeed);

            // The draws are real draws: a shuffled epoch is a permutation, dropout zeroes some and scales the rest.
            Assert.All(first.Shuffled, epoch => Assert.Equal(Enumerable.Range(0, 12), epoch.OrderBy(i => i)));
            Assert.NotEqual(first.Shuffled[0], first.Shuffled[1]);
            Assert.Contains(0f, first.DropoutOutput);
            Assert.Contains(2f, first.DropoutOutput);
            Assert.All(first.DropoutOutput, v => Assert.True(v == 0f || v == 2f));
        }

        [Fact]
        public void DifferentSeedsGiveDifferentDraws()
        {
            Draws seven = DrawAfterSeed(7);
            Draws eight = DrawAfterSeed(8);
            Assert.NotEqual(seven.Randn, eight.Randn);
            Assert.NotEqual(seven.Kaiming, eight.Kaiming);
            Assert.NotEqual(seven.LinearWeight, eight.LinearWeight);
            Assert.NotEqual(seven.Shuffled, eight.Shuffled);
            Assert.NotEqual(seven.DropoutOutput, eight.DropoutOutput);
            Assert.Equal(8, Diff.Random.InitialSeed);
        }

        [Fact]
        public void RandomManualSeedAndGeneratorManualSeedAreTheSame()
        {
            Diff.Random.ManualSeed(-3);
            float[] viaRandom = Tensor.Rand(new[] { 5 }).ToArray();
            Generator.ManualSeed(-3);
            Assert.Equal(viaRandom, Tensor.Rand(new[] { 5 }).ToArray());
            Assert.Equal(-3, Diff.Random.InitialSeed);

            // The default generator with seed s draws what an explicit generator with seed s draws.
            Diff.Random.ManualSeed(11);
            Assert.Equal(Tensor.Randn(new[] { 4 }, new Generator(11)).ToArray(), Tensor.Randn(new[] { 4 }).ToArray());
        }

        [Fact]
        public void ManualSeedMakesDefaultDrawsReproducible()
        {
            Generator.ManualSeed(123);
            float[] first = Tensor.Randn(new[] { 5 }).ToArray();
            float[] second = Tensor.Rand(new[] { 3 }).ToArray();
            int[] permutation = IntTensor.RandPerm(10).ToArray();
            Generator.ManualSeed(123);
            Assert.Equal(first, Tensor.Randn(new[] { 5 }).ToArray());
            Assert.Equal(second, Tensor.Rand(new[] { 3 }).ToArray());
            Assert.Equal(permutation, IntTensor.RandPerm(10).ToArray());
            Assert.Equal(Enumerable.Range(0, 10), permutation.OrderBy(v => v));
        }

        [Fact]
        public void ShufflingWithTheDefaultGeneratorIsReproducibleAfterASeed()
        {
            static List<int[]> Epochs(DataLoader<Batch<IntTensor>> loader) =>
                Enumerable.Range(0, 3).Select(_ => loader.SelectMany(b => b.Target.ToArray()).ToArray()).ToList();

            TensorDataset<IntTensor> data = TensorDataset.Create(Tensor.Zeros(20, 2), IntTensor.Arange(20));
            Generator.ManualSeed(3);
            List<int[]> byDefault = Epochs(DataLoader.Create(data, 6, shuffle: true));
            Generator.ManualSeed(3);
            Assert.Equal(byDefault, Epochs(DataLoader.Create(data, 6, shuffle: true)));
        }
    }
}
