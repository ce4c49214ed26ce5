using System;
using System.Globalization;
using System.IO;

namespace Diff.Workloads
{
    /// <summary>
    /// One ADBench GMM instance: d, k, n, the parameters (alphas, means, icf), the points and the
    /// Wishart prior (γ, m). Arrays are flattened row-major: means is k·d, icf is k·d(d+1)/2, x is n·d.
    /// </summary>
    public sealed class GmmData
    {
        private GmmData(int d, int k, int n, double[] alphas, double[] means, double[] icf, double[] x, double gamma, int m)
        {
            D = d;
            K = k;
            N = n;
            Alphas = alphas;
            Means = means;
            Icf = icf;
            X = x;
            Gamma = gamma;
            M = m;
        }

        /// <summary>Dimension of each point.</summary>
        public int D { get; }

        /// <summary>Number of mixture components.</summary>
        public int K { get; }

        /// <summary>Number of points.</summary>
        public int N { get; }

        /// <summary>Mixture weights (log space), length k.</summary>
        public double[] Alphas { get; }

        /// <summary>Means, k rows of d.</summary>
        public double[] Means { get; }

        /// <summary>Inverse covariance factors, k rows of d(d+1)/2: q₁..q_d, then l column by column.</summary>
        public double[] Icf { get; }

        /// <summary>Points, n rows of d.</summary>
        public double[] X { get; }

        /// <summary>Wishart γ.</summary>
        public double Gamma { get; }

        /// <summary>Wishart m.</summary>
        public int M { get; }

        /// <summary>Length of one icf row, d(d+1)/2.</summary>
        public int IcfSize => D * (D + 1) / 2;

        /// <summary>Length of the gradient [alphas, means, icf], k(d+1)(d+2)/2.</summary>
        public int GradientLength => K * (D + 1) * (D + 2) / 2;

        /// <summary>
        /// Reads an ADBench GMM file: a header <c>d k n</c>, k alphas, k means rows, k icf rows, n points,
        /// then <c>γ m</c>.
        /// </summary>
        /// <param name="path">Path of the data file.</param>
        public static GmmData Load(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            if (!File.Exists(path)) throw new FileNotFoundException($"GMM data file not found: {path}", path);

            string[] tokens = File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int pos = 0;

            string Next()
            {
                if (pos >= tokens.Length) throw new FormatException($"{path}: unexpected end of file after {pos} values.");
                return tokens[pos++];
            }

            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            double NextDouble() => double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture);

            int d = NextInt();
            int k = NextInt();
            int n = NextInt();
            if (d <= 0 || k <= 0 || n <= 0) throw new FormatException($"{path}: header must give positive d k n, got {d} {k} {n}.");

            int icfSize = d * (d + 1) / 2;
            var alphas = new double[k];
            var means = new double[k * d];
            var icf = new double[k * icfSize];
            var x = new double[n * d];

            for (int i = 0; i < alphas.Length; i++) alphas[i] = NextDouble();
            for (int i = 0; i < means.Length; i++) means[i] = NextDouble();
            for (int i = 0; i < icf.Length; i++) icf[i] = NextDouble();
            for (int i = 0; i < x.Length; i++) x[i] = NextDouble();
            double gamma = NextDouble();
            int m = (int)NextDouble();

            return new GmmData(d, k, n, alphas, means, icf, x, gamma, m);
        }
    }
}
