using System;

namespace Diff
{
    /// <summary>
    /// A seeded source of random numbers for <see cref="Tensor.Rand(int[], Generator)"/> and <see cref="Tensor.Randn(int[], Generator)"/>,
    /// like PyTorch's <c>torch.Generator</c>: the same seed gives the same tensors on every machine.
    /// </summary>
    /// <remarks>
    /// The generator is xoshiro256** (Blackman and Vigna), whose 256-bit state is filled from the
    /// seed by SplitMix64. A uniform float takes the top 24 bits of one output, so it is a multiple of
    /// 2^-24 in [0, 1). Normal values use the Box–Muller transform in double precision on two
    /// 53-bit uniforms, giving two values per pair. The sequence differs from PyTorch's (which uses
    /// Mersenne Twister); only its statistics match. An instance is not thread-safe, except the
    /// default generator, which every draw without an explicit generator uses under a lock.
    /// </remarks>
    public sealed class Generator
    {
        private ulong _s0;
        private ulong _s1;
        private ulong _s2;
        private ulong _s3;

        /// <summary>Creates a generator whose sequence is fixed by <paramref name="seed"/>.</summary>
        /// <param name="seed">Any integer; equal seeds give equal sequences.</param>
        public Generator(int seed)
            : this((ulong)(long)seed)
        {
        }

        private Generator(ulong seed)
        {
            ulong state = seed;
            _s0 = SplitMix64(ref state);
            _s1 = SplitMix64(ref state);
            _s2 = SplitMix64(ref state);
            _s3 = SplitMix64(ref state);
        }

        /// <summary>The seed the default generator last started from (read by <see cref="Random.InitialSeed"/>); declared first so that it is set before the generator.</summary>
        private static long _defaultInitialSeed = System.Random.Shared.NextInt64();

        /// <summary>
        /// The default generator, which every draw that is given no generator uses (<see cref="Tensor.Rand(int[], Generator)"/>,
        /// <see cref="Tensor.Randn(int[], Generator)"/>, layer initialisation, dropout masks, shuffling), like PyTorch's
        /// <c>torch.default_generator</c>. It starts from a seed taken from the system's random source.
        /// </summary>
        private static readonly Generator DefaultGenerator = new((ulong)_defaultInitialSeed);

        /// <summary>
        /// Reseeds the default generator, like <c>torch.manual_seed(seed)</c>: after it, every draw
        /// that is given no generator repeats the same sequence on every run and every machine.
        /// The same as <see cref="Random.ManualSeed"/>.
        /// </summary>
        /// <param name="seed">Any integer; equal seeds give equal sequences.</param>
        public static void ManualSeed(int seed)
        {
            var seeded = new Generator(seed);
            lock (DefaultGenerator)
            {
                _defaultInitialSeed = seed;
                DefaultGenerator._s0 = seeded._s0;
                DefaultGenerator._s1 = seeded._s1;
                DefaultGenerator._s2 = seeded._s2;
                DefaultGenerator._s3 = seeded._s3;
            }
        }

        /// <summary>The seed the default generator last started from.</summary>
        internal static long DefaultInitialSeed
        {
            get
            {
                lock (DefaultGenerator)
                {
                    return _defaultInitialSeed;
                }
            }
        }

        /// <summary>Runs <paramref name="draw"/> on <paramref name="generator"/>, or on the default generator under its lock when it is null.</summary>
        internal static void Draw(Generator? generator, Action<Generator> draw)
        {
            if (generator is not null)
            {
                draw(generator);
                return;
            }

            lock (DefaultGenerator)
            {
                draw(DefaultGenerator);
            }
        }

        /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates with unbiased bounded draws).</summary>
        internal void Shuffle(Span<int> values)
        {
            for (int i = values.Length - 1; i > 0; i--)
            {
                int j = NextInt(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }
        }

        /// <summary>A uniform integer in [0, <paramref name="bound"/>), by rejection so every value is equally likely.</summary>
        internal int NextInt(int bound)
        {
            ulong range = (ulong)bound;
            ulong limit = ulong.MaxValue - (ulong.MaxValue % range);
            ulong value;
            do
            {
                value = NextUInt64();
            }
            while (value >= limit);
            return (int)(value % range);
        }

        /// <summary>Fills <paramref name="destination"/> with uniform values in [0, 1).</summary>
        internal void FillUniform(Span<float> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (NextUInt64() >> 40) * (1f / (1 << 24));
            }
        }

        /// <summary>Fills <paramref name="destination"/> with standard normal values (Box–Muller).</summary>
        internal void FillNormal(Span<float> destination)
        {
            for (int i = 0; i < destination.Length; i += 2)
            {
                // 1 - u lies in (0, 1], so the logarithm is finite.
                double u1 = 1.0 - NextDouble();
                double u2 = NextDouble();
                double radius = Math.Sqrt(-2.0 * Math.Log(u1));
                (double sin, double cos) = Math.SinCos(2.0 * Math.PI * u2);
                destination[i] = (float)(radius * cos);
                if (i + 1 < destination.Length)
                {
                    destination[i + 1] = (float)(radius * sin);
                }
            }
        }

        private double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        private ulong NextUInt64()
        {
            ulong result = RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }

        private static ulong RotateLeft(ulong value, int count) => (value << count) | (value >> (64 - count));

        private static ulong SplitMix64(ref ulong state)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
