using System;

namespace Diff.Fuzz.Tracing
{
    /// <summary>
    /// What the twins call at every floating comparison and kink: it records the branch trace and the smallest relative
    /// distance to a tie. It lives in the fuzzer, not in the collectible batch assemblies, so that its thread-static
    /// state never belongs to an assembly that is unloaded.
    /// </summary>
    public static class Tr
    {
        [ThreadStatic]
        private static double _margin;

        [ThreadStatic]
        private static long _trace;

        /// <summary>The smallest relative distance to a tie since <see cref="Reset"/>.</summary>
        public static double Margin => _margin;

        /// <summary>A hash of every comparison outcome since <see cref="Reset"/>.</summary>
        public static long Trace => _trace;

        public static void Reset()
        {
            _margin = double.PositiveInfinity;
            _trace = 17;
        }

        public static bool Cmp(double a, double b, int op)
        {
            bool r = op switch { 0 => a < b, 1 => a <= b, 2 => a > b, 3 => a >= b, 4 => a == b, _ => a != b };
            Note(a, b, r);
            return r;
        }

        public static double Max(double a, double b)
        {
            Note(a, b, a >= b);
            return Math.Max(a, b);
        }

        public static double Min(double a, double b)
        {
            Note(a, b, a <= b);
            return Math.Min(a, b);
        }

        public static double Abs(double a)
        {
            Note(a, 0.0, a >= 0.0);
            return Math.Abs(a);
        }

        /// <summary>
        /// LINQ's <c>Max</c> (<paramref name="max"/>) or <c>Min</c> of the <paramref name="selector"/>'s values (the
        /// elements themselves when null), with each of the comparisons its loop makes recorded: LINQ keeps the first of
        /// equal values, so the derivative goes to the element that stays ahead, and a tie is a kink.
        /// </summary>
        public static double Extremum(double[] values, bool max, Func<double, double>? selector)
        {
            if (values.Length == 0)
            {
                throw new InvalidOperationException("Sequence contains no elements");
            }

            double kept = selector is null ? values[0] : selector(values[0]);
            for (int i = 1; i < values.Length; i++)
            {
                double value = selector is null ? values[i] : selector(values[i]);
                bool replaces = max ? value > kept : value < kept;
                Note(value, kept, replaces);
                if (replaces)
                {
                    kept = value;
                }
            }

            return kept;
        }

        private static void Note(double a, double b, bool r)
        {
            double m = Math.Abs(a - b) / (1.0 + Math.Abs(a) + Math.Abs(b));
            if (double.IsNaN(m))
            {
                m = 0.0;
            }

            if (m < _margin)
            {
                _margin = m;
            }

            _trace = unchecked(_trace * 31 + (r ? 1 : 2));
        }
    }
}
