using System.Collections.Generic;
using System.Linq;
using Diff;
using Diff.NN;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>
    /// Losses called with their optional arguments left out, as PyTorch users call them (<c>F.huber_loss(x, y)</c>,
    /// <c>nn.MSELoss()(x, y)</c>), and an optional bias tested against null in expressions. An enum default read from
    /// the runtime's metadata once made the generator take the call for a compile error and drop the method silently.
    /// </summary>
    public static partial class OmittedArgumentFunctions
    {
        [Differentiable]
        public static Tensor Huber(Tensor x, Tensor y) => Functional.HuberLoss(x, y);

        [Differentiable]
        public static Tensor HuberExplicit(Tensor x, Tensor y) => Functional.HuberLoss(x, y, Reduction.Mean, 1f);

        [Differentiable]
        public static Tensor SmoothL1Named(Tensor x, Tensor y) => Functional.SmoothL1Loss(target: y, input: x, beta: 0.5f);

        [Differentiable]
        public static Tensor SmoothL1Explicit(Tensor x, Tensor y) => Functional.SmoothL1Loss(x, y, Reduction.Mean, 0.5f);

        [Differentiable]
        public static Tensor KLDivLogTarget(Tensor x, Tensor y) => Functional.KLDivLoss(x, y, logTarget: true);

        [Differentiable]
        public static Tensor KLDivExplicit(Tensor x, Tensor y) => Functional.KLDivLoss(x, y, Reduction.Mean, true);

        [Differentiable]
        public static Tensor MseModule(Tensor x, Tensor y) => new MSELoss().Forward(x, y);

        [Differentiable]
        public static Tensor CrossEntropyModule(Tensor logits, int[] targets) => new CrossEntropyLoss(labelSmoothing: 0.1).Forward(logits, targets);

        [Differentiable]
        public static Tensor CrossEntropyExplicit(Tensor logits, int[] targets) => Functional.CrossEntropyLoss(logits, targets, Reduction.Mean, -100, 0.1f);

        [Differentiable]
        public static Tensor BiasIfPresent(Tensor x, Tensor b) => (b != null ? x * x + b : x * x).Sum();

        [Differentiable]
        public static Tensor BiasIfPresentFlag(Tensor x, Tensor b)
        {
            bool hasBias = b is not null;
            Tensor y = x.Tanh();
            if (hasBias && !(b == null))
            {
                y = y * b;
            }

            return y.Sum();
        }
    }

    public sealed class OmittedArgumentsAndNullTests
    {
        private static readonly float[] Xs = { -1.5f, -0.25f, 0f, 0.75f, 2.5f, 1f };
        private static readonly float[] Ys = { -0.5f, 0.25f, 0.5f, 0.75f, 0.5f, 2f };

        private static Tensor T(float[] values) => Tensor.FromArray((float[])values.Clone(), 2, 3);

        private delegate Tensor Gradient(Tensor x, Tensor y, Tensor dX, Tensor dY);

        private static void SameAs(Gradient omitted, Gradient written)
        {
            Tensor dX1 = Tensor.Zeros(2, 3), dY1 = Tensor.Zeros(2, 3), dX2 = Tensor.Zeros(2, 3), dY2 = Tensor.Zeros(2, 3);
            float value1 = omitted(T(Xs), T(Ys), dX1, dY1).ToArray()[0];
            float value2 = written(T(Xs), T(Ys), dX2, dY2).ToArray()[0];
            Assert.Equal(value2, value1);
            Assert.Equal(dX2.ToArray(), dX1.ToArray());
            Assert.Equal(dY2.ToArray(), dY1.ToArray());
            Assert.Contains(dX1.ToArray(), v => v != 0);
        }

        [Fact]
        public void Losses_with_their_defaults_left_out_are_the_losses_with_them_written()
        {
            SameAs(OmittedArgumentFunctions.HuberGradient, OmittedArgumentFunctions.HuberExplicitGradient);
            SameAs(OmittedArgumentFunctions.SmoothL1NamedGradient, OmittedArgumentFunctions.SmoothL1ExplicitGradient);
            SameAs(OmittedArgumentFunctions.KLDivLogTargetGradient, OmittedArgumentFunctions.KLDivExplicitGradient);
        }

        [Fact]
        public void A_loss_module_made_with_its_defaults_has_the_functional_gradient()
        {
            Tensor dX = Tensor.Zeros(2, 3);
            float value = OmittedArgumentFunctions.MseModuleGradient(T(Xs), T(Ys), dX, null).ToArray()[0];
            Assert.Equal(Xs.Zip(Ys, (x, y) => (x - y) * (x - y)).Sum() / 6, value, 5);
            Assert.Equal(Xs.Zip(Ys, (x, y) => 2 * (x - y) / 6).ToArray(), dX.ToArray(), new FloatTolerance(1e-6f));

            int[] targets = { 2, 0 };
            Tensor dModule = Tensor.Zeros(2, 3), dExplicit = Tensor.Zeros(2, 3);
            float fromModule = OmittedArgumentFunctions.CrossEntropyModuleGradient(T(Xs), targets, dModule).ToArray()[0];
            float written = OmittedArgumentFunctions.CrossEntropyExplicitGradient(T(Xs), targets, dExplicit).ToArray()[0];
            Assert.Equal(written, fromModule, 6);
            Assert.Equal(dExplicit.ToArray(), dModule.ToArray(), new FloatTolerance(1e-6f));
        }

        [Fact]
        public void An_optional_bias_tested_against_null_in_an_expression_takes_the_branch_it_names()
        {
            Tensor dX = Tensor.Zeros(2, 3), dB = Tensor.Zeros(2, 3);
            float with = OmittedArgumentFunctions.BiasIfPresentGradient(T(Xs), T(Ys), dX, dB).ToArray()[0];
            Assert.Equal(Xs.Zip(Ys, (x, b) => x * x + b).Sum(), with, 4);
            Assert.Equal(Xs.Select(x => 2 * x).ToArray(), dX.ToArray());
            Assert.Equal(Enumerable.Repeat(1f, 6).ToArray(), dB.ToArray());

            Tensor dX2 = Tensor.Zeros(2, 3);
            float without = OmittedArgumentFunctions.BiasIfPresentGradient(T(Xs), null!, dX2, null).ToArray()[0];
            Assert.Equal(Xs.Sum(x => x * x), without, 4);
            Assert.Equal(Xs.Select(x => 2 * x).ToArray(), dX2.ToArray());

            Tensor dX3 = Tensor.Zeros(2, 3), dB3 = Tensor.Zeros(2, 3);
            OmittedArgumentFunctions.BiasIfPresentFlagGradient(T(Xs), T(Ys), dX3, dB3);
            Assert.Equal(Xs.Zip(Ys, (x, b) => b * (1 - MathF.Tanh(x) * MathF.Tanh(x))).ToArray(), dX3.ToArray(), new FloatTolerance(1e-5f));
            Assert.Equal(Xs.Select(MathF.Tanh).ToArray(), dB3.ToArray(), new FloatTolerance(1e-6f));
        }

        private sealed class FloatTolerance : IEqualityComparer<float>
        {
            private readonly float _tolerance;

            public FloatTolerance(float tolerance) => _tolerance = tolerance;

            public bool Equals(float x, float y) => Math.Abs(x - y) <= _tolerance;

            public int GetHashCode(float obj) => 0;
        }
    }
}
