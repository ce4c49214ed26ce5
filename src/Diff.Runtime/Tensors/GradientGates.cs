using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Diff
{
    /// <summary>
    /// Elementwise selections on a condition of x, without a branch per element: d = cond(x) ? g : 0, or : scale · g.
    /// The backward passes of the piecewise-linear ops (ReLU, leaky ReLU, hardtanh, clamp, abs) and the leaky ReLU
    /// itself are this shape.
    /// </summary>
    /// <remarks>
    /// Written as a per-element conditional, these loops ran a branch the processor cannot predict (about half of a
    /// layer's activations are positive, in no pattern): ReLU's backward alone was 13 % of the MLP training step at
    /// 784-256-128-10, batch 256. Here the condition becomes a lane mask and the choice a bitwise select, a vector of
    /// elements at a time. Each result is exactly the scalar definition's, NaN included: a NaN x fails every
    /// comparison, so it takes the outside value, as <c>x &gt; 0f ? g : …</c> does. Written here rather than with
    /// <c>TensorPrimitives</c>, which the other elementwise ops use, because it has no elementwise comparison or select
    /// (and its <c>Sign</c> throws on NaN).
    /// </remarks>
    internal static class GradientGates
    {
        /// <summary>A condition on one element, as a scalar test and as a lane mask.</summary>
        internal interface IGate
        {
            /// <summary>Whether <paramref name="x"/> passes.</summary>
            bool Passes(float x);

            /// <summary>All ones in the lanes of <paramref name="x"/> that pass, zeros elsewhere.</summary>
            Vector256<float> Passes(Vector256<float> x);
        }

        /// <summary>x &gt; 0.</summary>
        internal readonly struct Positive : IGate
        {
            public bool Passes(float x) => x > 0f;

            public Vector256<float> Passes(Vector256<float> x) => Vector256.GreaterThan(x, Vector256<float>.Zero);
        }

        /// <summary>Not x ≤ 0: x &gt; 0, or NaN, which passes its gradient as PyTorch's ReLU does.</summary>
        internal readonly struct NotAtMostZero : IGate
        {
            public bool Passes(float x) => !(x <= 0f);

            public Vector256<float> Passes(Vector256<float> x) => ~Vector256.LessThanOrEqual(x, Vector256<float>.Zero);
        }

        /// <summary>Neither x ≤ min nor x ≥ max: min &lt; x &lt; max, or NaN, which passes its gradient as PyTorch's Hardtanh does.</summary>
        internal readonly struct NotOutside(float min, float max) : IGate
        {
            public bool Passes(float x) => !(x <= min || x >= max);

            public Vector256<float> Passes(Vector256<float> x) =>
                ~(Vector256.LessThanOrEqual(x, Vector256.Create(min)) | Vector256.GreaterThanOrEqual(x, Vector256.Create(max)));
        }

        /// <summary>min ≤ x ≤ max.</summary>
        internal readonly struct Between(float min, float max) : IGate
        {
            public bool Passes(float x) => x >= min && x <= max;

            public Vector256<float> Passes(Vector256<float> x) =>
                Vector256.GreaterThanOrEqual(x, Vector256.Create(min)) & Vector256.LessThanOrEqual(x, Vector256.Create(max));
        }

        /// <summary>d[i] = gate passes x[i] ? g[i] : 0, exactly 0 also where g[i] is infinite or NaN.</summary>
        /// <param name="x">The elements the gate tests.</param>
        /// <param name="g">The values passed through; as long as <paramref name="x"/>.</param>
        /// <param name="d">Receives the result; as long as <paramref name="x"/>, and may be <paramref name="g"/> itself.</param>
        /// <param name="gate">The condition.</param>
        public static void Select<TGate>(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> d, TGate gate)
            where TGate : struct, IGate => Apply(x, g, d, new Gated<TGate>(gate, 0f, scaleOutside: false));

        /// <summary>d[i] = gate passes x[i] ? g[i] : outsideScale · g[i] (so NaN where g[i] is infinite and the scale 0).</summary>
        /// <param name="x">The elements the gate tests.</param>
        /// <param name="g">The values passed through; as long as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
        /// <param name="d">Receives the result; as long as <paramref name="x"/>, and may be <paramref name="g"/> itself.</param>
        /// <param name="gate">The condition.</param>
        /// <param name="outsideScale">What g is multiplied by where the gate fails.</param>
        public static void Select<TGate>(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> d, TGate gate, float outsideScale)
            where TGate : struct, IGate => Apply(x, g, d, new Gated<TGate>(gate, outsideScale, scaleOutside: true));

        /// <summary>d[i] = sign(x[i]) · g[i], with sign 0 at ±0 and NaN: the backward of <c>Abs</c>.</summary>
        /// <param name="x">The elements whose sign is taken.</param>
        /// <param name="g">The incoming gradient; as long as <paramref name="x"/>.</param>
        /// <param name="d">Receives the result; as long as <paramref name="x"/>.</param>
        public static void Sign(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> d) => Apply(x, g, d, default(Signed));

        /// <summary>What one element of d is, from x and g: as a scalar and lane by lane.</summary>
        private interface IChoice
        {
            float Choose(float x, float g);

            Vector256<float> Choose(Vector256<float> x, Vector256<float> g);
        }

        private readonly struct Gated<TGate>(TGate gate, float outsideScale, bool scaleOutside) : IChoice
            where TGate : struct, IGate
        {
            private readonly Vector256<float> _scale = Vector256.Create(outsideScale);

            public float Choose(float x, float g) => gate.Passes(x) ? g : scaleOutside ? g * outsideScale : 0f;

            public Vector256<float> Choose(Vector256<float> x, Vector256<float> g) =>
                Vector256.ConditionalSelect(gate.Passes(x), g, scaleOutside ? g * _scale : Vector256<float>.Zero);
        }

        private readonly struct Signed : IChoice
        {
            public float Choose(float x, float g) => x > 0f ? g : x < 0f ? -g : 0f;

            public Vector256<float> Choose(Vector256<float> x, Vector256<float> g) =>
                Vector256.ConditionalSelect(
                    Vector256.GreaterThan(x, Vector256<float>.Zero),
                    g,
                    Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -g, Vector256<float>.Zero));
        }

        // Optimized from its first call, as the other hot loops are: its tier-0 code makes a call per vector to the choice
        // and to the loads, and a process that sees one processor keeps tier-0 code for seconds.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Apply<TChoice>(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> d, TChoice choice)
            where TChoice : struct, IChoice
        {
            if (g.Length != x.Length || d.Length != x.Length)
            {
                throw new ArgumentException($"The spans must have one length: x has {x.Length}, g {g.Length}, d {d.Length}.", nameof(d));
            }

            ref float xs = ref MemoryMarshal.GetReference(x);
            ref float gs = ref MemoryMarshal.GetReference(g);
            ref float ds = ref MemoryMarshal.GetReference(d);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    choice.Choose(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref gs, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
                }
            }

            for (; i < x.Length; i++)
            {
                Unsafe.Add(ref ds, i) = choice.Choose(Unsafe.Add(ref xs, i), Unsafe.Add(ref gs, i));
            }
        }
    }
}
