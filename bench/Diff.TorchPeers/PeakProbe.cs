using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Diff.TorchPeers
{
    /// <summary>
    /// The float32 peak of one core, measured rather than assumed: independent chains of fused multiply-adds at the
    /// widest vector width the JIT accelerates, enough of them to cover the FMA latency of two pipes, for a fifth of
    /// a second. It agrees with <c>bench/peers/fma_peak.c</c> (the same loop in C); the processor's clock, and with it
    /// the peak, differs between machines and between 256- and 512-bit code, so a constant clock would misstate it.
    /// </summary>
    public static class PeakProbe
    {
        private static readonly Lazy<double> PerCore = new(Measure);

        private static float s_sink;

        /// <summary>GFLOP/s of one thread, measured once per process.</summary>
        public static double GflopsPerCore => PerCore.Value;

        private static double Measure()
        {
            Run(1 << 16);
            long iterations = 1 << 20;
            while (true)
            {
                long start = Stopwatch.GetTimestamp();
                double flopsPerIteration = Run(iterations);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (seconds > 0.2)
                {
                    return flopsPerIteration * iterations / seconds / 1e9;
                }

                iterations *= 2;
            }
        }

        /// <summary>Runs the chains and returns the floating-point operations of one iteration.</summary>
        private static double Run(long iterations) =>
            Vector512.IsHardwareAccelerated ? Chains512(iterations) : Chains256(iterations);

        // Twelve chains each: two pipes × a latency of four cycles needs eight in flight; twelve leaves room. The loops
        // are written out per width: .NET keeps internal the vector interface one generic method would need to serve
        // both, and a delegate per step would not become one instruction.
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static double Chains512(long iterations)
        {
            Vector512<float> m = Vector512.Create(1.0000001f), a = Vector512.Create(1e-7f);
            Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
            for (long i = 0; i < iterations; i++)
            {
                c0 = Vector512.FusedMultiplyAdd(c0, m, a);
                c1 = Vector512.FusedMultiplyAdd(c1, m, a);
                c2 = Vector512.FusedMultiplyAdd(c2, m, a);
                c3 = Vector512.FusedMultiplyAdd(c3, m, a);
                c4 = Vector512.FusedMultiplyAdd(c4, m, a);
                c5 = Vector512.FusedMultiplyAdd(c5, m, a);
                c6 = Vector512.FusedMultiplyAdd(c6, m, a);
                c7 = Vector512.FusedMultiplyAdd(c7, m, a);
                c8 = Vector512.FusedMultiplyAdd(c8, m, a);
                c9 = Vector512.FusedMultiplyAdd(c9, m, a);
                c10 = Vector512.FusedMultiplyAdd(c10, m, a);
                c11 = Vector512.FusedMultiplyAdd(c11, m, a);
            }

            // The sum is kept, so the chains are not removed as dead code.
            s_sink = (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).ToScalar();
            return 12 * 2 * Vector512<float>.Count;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static double Chains256(long iterations)
        {
            Vector256<float> m = Vector256.Create(1.0000001f), a = Vector256.Create(1e-7f);
            Vector256<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
            for (long i = 0; i < iterations; i++)
            {
                c0 = Vector256.FusedMultiplyAdd(c0, m, a);
                c1 = Vector256.FusedMultiplyAdd(c1, m, a);
                c2 = Vector256.FusedMultiplyAdd(c2, m, a);
                c3 = Vector256.FusedMultiplyAdd(c3, m, a);
                c4 = Vector256.FusedMultiplyAdd(c4, m, a);
                c5 = Vector256.FusedMultiplyAdd(c5, m, a);
                c6 = Vector256.FusedMultiplyAdd(c6, m, a);
                c7 = Vector256.FusedMultiplyAdd(c7, m, a);
                c8 = Vector256.FusedMultiplyAdd(c8, m, a);
                c9 = Vector256.FusedMultiplyAdd(c9, m, a);
                c10 = Vector256.FusedMultiplyAdd(c10, m, a);
                c11 = Vector256.FusedMultiplyAdd(c11, m, a);
            }

            s_sink = (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).ToScalar();
            return 12 * 2 * Vector256<float>.Count;
        }
    }
}
