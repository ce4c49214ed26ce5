using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// The generated code of representative methods, compared with Snapshots/*.verified.cs.
    /// Set DIFFGEN_ACCEPT_SNAPSHOTS=1 to write the current output as the new verified files.
    /// </summary>
    public sealed class SnapshotTests
    {
        private const string Header = "using System;\nusing Diff;\n";

        public static TheoryData<string, string> Cases => new()
        {
            { "ExpressionBody", "static partial class C { [Differentiable] public static double Square(double x) => x * x; }" },
            {
                "SumSinExp",
                @"static partial class C
{
    [Differentiable]
    public static double F(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
            s += x[i] * x[i] * Math.Sin(x[i + 1]) + Math.Exp(-x[i]);
        return s;
    }
}"
            },
            {
                "BranchesAndEarlyReturn",
                @"static partial class C
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var t = x * y;
        t = t * t + Math.Cos(x);
        if (t > 3 && y > 0) return t / y;
        return Math.Tanh(t) * (x > 0 ? x : -y);
    }
}"
            },
            {
                "WhileWithBreak",
                @"static partial class C
{
    [Differentiable]
    public static double F(double x)
    {
        double y = 1;
        int n = 0;
        while (y < 10)
        {
            y = y * x + 1;
            if (++n > 100) break;
        }
        return y;
    }
}"
            },
            {
                "Pullback",
                @"static partial class C
{
    [Differentiable]
    public static void Smooth(double[] x, double[] y)
    {
        for (int i = 1; i < x.Length - 1; i++)
            y[i] = (x[i - 1] + x[i] + x[i + 1]) / 3 + y[i] * y[i];
    }
}"
            },
            {
                "FloatWithContinue",
                @"static partial class C
{
    [Differentiable]
    public static float F(float x, float[] y)
    {
        float s = MathF.Sin(x);
        foreach (float v in y)
        {
            if (v < 0) continue;
            s += v * (float)Math.Exp((double)x);
        }
        return s;
    }
}"
            },
            { "Recursion", "static partial class C { [Differentiable] public static double Pow(double x, int n) => n == 0 ? 1 : x * Pow(x, n - 1); }" },
            {
                "InPlaceOverwrite",
                @"static partial class C
{
    [Differentiable]
    public static double F(double[] a, double x)
    {
        var b = new double[a.Length];
        for (int i = 0; i < a.Length; i++) b[i] = a[i];
        for (int t = 0; t < 3; t++)
            for (int i = 0; i < b.Length; i++)
                b[i] = b[i] * b[i] * 0.5 + x;
        double s = 0;
        foreach (var v in b) s += v;
        return s;
    }
}"
            },
            {
                "RegisteredDerivative",
                @"static class Plain { public static double Softplus(double x) => Math.Log(1 + Math.Exp(x)); }
static class Registrations
{
    [DerivativeOf(typeof(Plain), nameof(Plain.Softplus))]
    public static double SoftplusGradient(double x, ref double dX) { dX += 1 / (1 + Math.Exp(-x)); return Plain.Softplus(x); }
}
static partial class C
{
    [Differentiable]
    public static double F(double x, double[] w) => Plain.Softplus(x * w[0]) + Norm(w);

    [Differentiable]
    public static double Norm(double[] w) { double s = 0; for (int i = 0; i < w.Length; i++) s += w[i] * w[i]; return Math.Sqrt(s); }
}"
            },
            {
                "ReturnInsideLoop",
                @"static partial class C
{
    [Differentiable]
    public static double F(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 2) return s * x[i];
            s += Math.Sqrt(x[i] * x[i] + 1);
        }
        return s;
    }
}"
            },
            {
                "InstanceMethodInNestedType",
                @"public partial class Outer
{
    public partial class Spring
    {
        private readonly double _k = 1.5;
        [Differentiable]
        public double Energy(double x, [NoDiff] double rest) => 0.5 * _k * (x - rest) * (x - rest) + Math.Atan2(x, _k);
    }
}"
            },
            {
                // A file-scoped namespace in the generated file, with the namespace's own using directive inside it.
                "MethodInNamespace",
                @"namespace Physics.Springs
{
    using static System.Math;

    public static partial class Energy
    {
        [Differentiable]
        public static double Stored(double x, double k) => 0.5 * k * Sqrt(x * x + 1);
    }
}"
            },
            {
                "MathRules",
                @"static partial class C
{
    [Differentiable]
    public static double F(double x, double y)
        => Math.Max(x, y) + Math.Min(x, 2 * y) + Math.Clamp(x, -1, 1) + Math.Pow(x, y) + Math.Abs(y) + Math.Floor(x) + Math.Log10(y) + Math.Cbrt(x);
}"
            },
            {
                "TensorEarlyExits",
                @"static partial class C
{
    [Differentiable]
    public static Tensor F(Tensor x, Tensor w, int steps)
    {
        if (steps == 0)
        {
            return (x * x).Sum();
        }

        Tensor h = Tensor.MatMul(x, w);
        for (int i = 0; i < steps; i++)
        {
            if (i == 1)
            {
                continue;
            }

            h = h.Tanh() * 0.5f + h;
            if (i > 4)
            {
                break;
            }
        }

        return h.Mean();
    }
}"
            },
            {
                "ModuleForward",
                @"public sealed partial class Affine : Diff.NN.Module
{
    public Affine()
    {
        Weight = RegisterParameter(""weight"", Tensor.Ones(new[] { 2, 3 }));
        Bias = RegisterParameter(""bias"", Tensor.Zeros(new[] { 2 }));
    }

    public Diff.NN.Parameter Weight { get; }

    public Diff.NN.Parameter? Bias { get; }

    [Differentiable]
    public override Tensor Forward(Tensor input) => Diff.NN.Functional.Relu(Diff.NN.Functional.Linear(input, Weight.Value, Bias?.Value));
}"
            },
            {
                "SpanParameters",
                @"static partial class C
{
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}"
            },
        };

        /// <summary>[Kernel] methods: adjoint kernels (grouped for scalars, gathered for a stencil), tangents, host twins, launchers.</summary>
        public static TheoryData<string, string> KernelCases => new()
        {
            {
                "KernelSaxpy",
                "static partial class C { [Kernel] public static void Saxpy(Index1D i, float a, ArrayView<float> x, ArrayView<float> y) => y[i] = a * x[i] + y[i]; }"
            },
            {
                "KernelStencil",
                @"static partial class C
{
    [Kernel]
    public static void Smooth(Index1D i, ArrayView<double> x, ArrayView<double> y)
    {
        if (i > 0 && i < x.Length - 1)
            y[i] = 0.25 * x[i - 1] + 0.5 * x[i] + 0.25 * x[i + 1];
        else
            y[i] = x[i];
    }
}"
            },
            {
                "KernelTiledStencil",
                @"static partial class C
{
    [Kernel]
    public static void TiledSmooth(ArrayView<double> x, ArrayView<double> y)
    {
        var tile = SharedMemory.Allocate<double>(66);
        int g = Grid.GlobalIndex.X;
        int l = Group.IdxX;
        tile[l + 1] = x[g];
        if (l == 0) tile[0] = g > 0 ? x[g - 1] : 0.0;
        if (l == Group.DimX - 1) tile[l + 2] = g + 1 < x.Length ? x[g + 1] : 0.0;
        Group.Barrier();
        y[g] = 0.25 * tile[l] + 0.5 * tile[l + 1] * tile[l + 1] + 0.25 * tile[l + 2];
    }
}"
            },
            {
                "KernelSoftmaxRows",
                @"static partial class C
{
    [Kernel]
    public static void SoftmaxRows(Index1D row, int columns, ArrayView<double> x, ArrayView<double> y)
    {
        int start = row * columns;
        double sum = 0.0;
        for (int j = 0; j < columns; j++) sum += Math.Exp(x[start + j]);
        for (int j = 0; j < columns; j++) y[start + j] = Math.Exp(x[start + j]) / sum;
    }
}"
            },
        };

        [Theory]
        [MemberData(nameof(KernelCases))]
        public void Generated_kernels_match_the_verified_snapshot(string name, string source)
        {
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, Header + "using ILGPU;\n" + source));
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            AssertMatchesSnapshot(name, run);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Generated_code_matches_the_verified_snapshot(string name, string source)
        {
            GeneratorHarness run = GeneratorHarness.Run(Header + source);
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            AssertMatchesSnapshot(name, run);
        }

        private static void AssertMatchesSnapshot(string name, GeneratorHarness run)
        {
            string actual = string.Join("\n", run.Sources.OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => "// ---- " + s.HintName + "\n" + s.Text));
            string directory = Path.Combine(RepositoryRoot.Find(), "tests", "Diff.Generator.Tests", "Snapshots");
            string verified = Path.Combine(directory, name + ".verified.cs");
            if (Environment.GetEnvironmentVariable("DIFFGEN_ACCEPT_SNAPSHOTS") == "1")
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(verified, actual);
                return;
            }

            Assert.True(File.Exists(verified), $"No snapshot {verified}; run the tests with DIFFGEN_ACCEPT_SNAPSHOTS=1 to create it.");
            string expected = File.ReadAllText(verified).Replace("\r\n", "\n");
            if (expected != actual)
            {
                File.WriteAllText(Path.Combine(directory, name + ".received.cs"), actual);
            }

            Assert.Equal(expected, actual);
        }

        [Fact]
        public void Generation_is_deterministic()
        {
            foreach (object[] row in Cases)
            {
                string source = Header + (string)row[1];
                var first = GeneratorHarness.Run(source).Sources;
                var second = GeneratorHarness.Run(source).Sources;
                Assert.Equal(first, second);
            }
        }
    }
}
