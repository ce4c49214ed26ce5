using System;

namespace Diff.Workloads
{
    /// <summary>
    /// One ADBench bundle-adjustment instance: n cameras of 11 parameters (angle-axis rotation, centre,
    /// focal length, principal point, two radial-distortion coefficients), m points, and p observations,
    /// each with a weight and a 2-D feature. Observation i sees camera i mod n and point i mod m.
    /// </summary>
    public sealed class BaData
    {
        private BaData(int n, int m, int p, double[] cameras, double[] points, double[] weights, double[] features)
        {
            N = n;
            M = m;
            P = p;
            Cameras = cameras;
            Points = points;
            Weights = weights;
            Features = features;
        }

        /// <summary>Number of cameras.</summary>
        public int N { get; }

        /// <summary>Number of points.</summary>
        public int M { get; }

        /// <summary>Number of observations.</summary>
        public int P { get; }

        /// <summary>Cameras, n rows of 11.</summary>
        public double[] Cameras { get; }

        /// <summary>Points, m rows of 3.</summary>
        public double[] Points { get; }

        /// <summary>One weight per observation.</summary>
        public double[] Weights { get; }

        /// <summary>One feature (2 values) per observation.</summary>
        public double[] Features { get; }

        /// <summary>The camera observation <paramref name="i"/> sees.</summary>
        public int CameraOf(int i) => i % N;

        /// <summary>The point observation <paramref name="i"/> sees.</summary>
        public int PointOf(int i) => i % M;

        /// <summary>
        /// Reads ADBench's format: a header <c>n m p</c>, then one camera, one point, one weight and one
        /// feature, which are replicated to every camera, point and observation (as ADBench's reader does).
        /// </summary>
        public static BaData Load(string path)
        {
            Func<double> next = AdBenchData.Numbers(path);
            int n = (int)next(), m = (int)next(), p = (int)next();
            var camera = new double[11];
            for (int k = 0; k < 11; k++)
            {
                camera[k] = next();
            }

            var point = new[] { next(), next(), next() };
            double weight = next();
            var feature = new[] { next(), next() };

            var cameras = new double[n * 11];
            for (int c = 0; c < n; c++)
            {
                Array.Copy(camera, 0, cameras, c * 11, 11);
            }

            var points = new double[m * 3];
            for (int j = 0; j < m; j++)
            {
                Array.Copy(point, 0, points, j * 3, 3);
            }

            var weights = new double[p];
            var features = new double[p * 2];
            for (int i = 0; i < p; i++)
            {
                weights[i] = weight;
                features[2 * i] = feature[0];
                features[2 * i + 1] = feature[1];
            }

            return new BaData(n, m, p, cameras, points, weights, features);
        }
    }

    /// <summary>
    /// The ADBench bundle-adjustment residuals, written with helpers the way a C# programmer would. The
    /// Jacobian is computed block by block with the generated <c>ReprojectionJacobian</c> (2 × 15) and
    /// <c>WeightErrorJacobian</c> (1 × 1), in ADBench's sparse layout.
    /// </summary>
    public static partial class BundleAdjustment
    {
        /// <summary>Rotates <paramref name="xo"/> by the angle-axis vector in <c>camera[0..3]</c> (Rodrigues' formula).</summary>
        [Differentiable]
        public static void Rotate(ReadOnlySpan<double> camera, double[] xo, double[] xcam)
        {
            double theta2 = camera[0] * camera[0] + camera[1] * camera[1] + camera[2] * camera[2];
            if (theta2 != 0)
            {
                double theta = Math.Sqrt(theta2);
                double cos = Math.Cos(theta);
                double sin = Math.Sin(theta);
                double w0 = camera[0] / theta, w1 = camera[1] / theta, w2 = camera[2] / theta;
                double dot = w0 * xo[0] + w1 * xo[1] + w2 * xo[2];
                double c0 = w1 * xo[2] - w2 * xo[1];
                double c1 = w2 * xo[0] - w0 * xo[2];
                double c2 = w0 * xo[1] - w1 * xo[0];
                xcam[0] = xo[0] * cos + c0 * sin + w0 * dot * (1 - cos);
                xcam[1] = xo[1] * cos + c1 * sin + w1 * dot * (1 - cos);
                xcam[2] = xo[2] * cos + c2 * sin + w2 * dot * (1 - cos);
            }
            else
            {
                xcam[0] = xo[0] + camera[1] * xo[2] - camera[2] * xo[1];
                xcam[1] = xo[1] + camera[2] * xo[0] - camera[0] * xo[2];
                xcam[2] = xo[2] + camera[0] * xo[1] - camera[1] * xo[0];
            }
        }

        /// <summary>The radial distortion factor 1 + κ₁‖p‖² + κ₂‖p‖⁴.</summary>
        [Differentiable]
        public static double Distortion(double px, double py, double k1, double k2)
        {
            double r2 = px * px + py * py;
            return 1 + k1 * r2 + k2 * r2 * r2;
        }

        /// <summary>The weighted reprojection error of one observation: w·(proj(camera, point) − feature).</summary>
        [Differentiable]
        public static void Reprojection(ReadOnlySpan<double> camera, ReadOnlySpan<double> point, double weight, [NoDiff] ReadOnlySpan<double> feature, Span<double> residual)
        {
            double[] xo = new double[3];
            for (int k = 0; k < 3; k++)
            {
                xo[k] = point[k] - camera[3 + k];
            }

            double[] xcam = new double[3];
            Rotate(camera, xo, xcam);
            double px = xcam[0] / xcam[2];
            double py = xcam[1] / xcam[2];
            double l = Distortion(px, py, camera[9], camera[10]);
            residual[0] = weight * (px * l * camera[6] + camera[7] - feature[0]);
            residual[1] = weight * (py * l * camera[6] + camera[8] - feature[1]);
        }

        /// <summary>The weight error 1 − w².</summary>
        [Differentiable]
        public static void WeightError(double weight, Span<double> error) => error[0] = 1 - weight * weight;

        /// <summary>The objective: every reprojection error (2p values) and weight error (p values).</summary>
        public static void Objective(BaData data, double[] reprojection, double[] weightErrors)
        {
            for (int i = 0; i < data.P; i++)
            {
                Reprojection(data.Cameras.AsSpan(data.CameraOf(i) * 11, 11), data.Points.AsSpan(data.PointOf(i) * 3, 3), data.Weights[i], data.Features.AsSpan(2 * i, 2), reprojection.AsSpan(2 * i, 2));
                WeightError(data.Weights[i], weightErrors.AsSpan(i, 1));
            }
        }

        /// <summary>
        /// The Jacobian's non-zeros in ADBench's CSR order: for each observation its two reprojection rows
        /// (11 camera, 3 point and 1 weight column each), then one weight row per observation. Also writes
        /// the residuals. <paramref name="values"/> has 31p entries.
        /// </summary>
        public static void Jacobian(BaData data, double[] reprojection, double[] weightErrors, double[] values)
        {
            // Each observation's 2 × 15 block is 30 consecutive values of the CSR layout, row-major as MJacobian writes it,
            // and its weight row is one value: both are written in place.
            for (int i = 0; i < data.P; i++)
            {
                ReprojectionJacobian(data.Cameras.AsSpan(data.CameraOf(i) * 11, 11), data.Points.AsSpan(data.PointOf(i) * 3, 3), data.Weights[i], data.Features.AsSpan(2 * i, 2), reprojection.AsSpan(2 * i, 2), values.AsSpan(30 * i, 30));
                WeightErrorJacobian(data.Weights[i], weightErrors.AsSpan(i, 1), values.AsSpan(30 * data.P + i, 1));
            }
        }
    }
}
