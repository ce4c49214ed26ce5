using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Xunit;

namespace Diff.Workloads.Tests
{
    internal static class Compare
    {
        /// <summary>ADBench's per-entry error: |x − y| / max(1, |x| + |y|).</summary>
        public static double Rho(double x, double y) => Math.Abs(x - y) / Math.Max(1.0, Math.Abs(x) + Math.Abs(y));

        public static void AllClose(double[] expected, double[] actual, double tolerance, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                double rho = Rho(expected[i], actual[i]);
                Assert.True(rho < tolerance,
                    $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (rho {rho:E3} >= {tolerance:E1}).");
            }
        }

        /// <summary>Reads the numbers of a reference file, skipping blank lines and '#' comments.</summary>
        public static double[] ReadReference(string relativePath)
        {
            var values = new List<double>();
            foreach (string line in File.ReadAllLines(AdBenchData.File(relativePath)))
            {
                string t = line.Trim();
                if (t.Length == 0 || t.StartsWith("#", StringComparison.Ordinal)) continue;
                values.Add(double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
            return values.ToArray();
        }

        public static double[] Concat(params double[][] parts)
        {
            int length = 0;
            foreach (double[] p in parts) length += p.Length;
            var result = new double[length];
            int offset = 0;
            foreach (double[] p in parts)
            {
                Array.Copy(p, 0, result, offset, p.Length);
                offset += p.Length;
            }
            return result;
        }
    }
}
