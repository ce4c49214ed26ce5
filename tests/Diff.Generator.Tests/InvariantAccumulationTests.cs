using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// The reverse sweep adds into a local array's adjoint at an index its loop does not change through a local,
    /// and into the element once after the loop (Differentiate/InvariantAccumulation), reads a local array's element at
    /// such an index once before the loop, and steps a counter on a copy (Differentiate/CounterLocalization); these tests
    /// read the generated code. The gradients are checked against finite differences in Diff.Gradients.Tests (InvariantAccumulation).
    /// </summary>
    public sealed class InvariantAccumulationTests
    {
        private const string Source = @"using System;
using Diff;
public static partial class C
{
    [Differentiable]
    public static double Triangle(double[] l, double[] v, int d)
    {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) x[j] = v[j] * v[j];
        double[] y = new double[d];
        int li = 0;
        for (int col = 0; col < d; col++)
        {
            for (int r = col + 1; r < d; r++)
            {
                y[r] += l[li] * x[col];
                li++;
            }
        }

        double s = 0;
        for (int j = 0; j < d; j++) s += y[j] * y[j] + x[j];
        return s;
    }

    [Differentiable]
    public static double ReadInTheLoop(double[] v, int d)
    {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) x[j] = v[j];
        for (int col = 0; col < d; col++)
        {
            for (int r = 0; r < d; r++)
            {
                x[col] = x[col] * 0.9 + Math.Sin(x[r]) * 0.1;
            }
        }

        double s = 0;
        for (int j = 0; j < d; j++) s += x[j];
        return s;
    }

    [Differentiable]
    public static double MovingIndex(double[] v, double[] w)
    {
        double[] x = new double[v.Length];
        for (int j = 0; j < v.Length; j++) x[j] = v[j];
        double s = 0;
        for (int j = 0; j < v.Length; j++) s += x[j] * w[j];
        return s;
    }
}";

        [Fact]
        public void An_increment_at_an_index_the_inner_loop_does_not_change_goes_through_a_local()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            // The gradient only: MHessianVector's sweeps are the tangent transform's, written from the plain adjoint.
            string all = run.Source("C.Triangle.g.cs");
            string f = all.Substring(0, all.IndexOf("TriangleHessianVector(", System.StringComparison.Ordinal));
            Match sum = Regex.Match(f, @"double (__sum\d*) = 0;");
            Assert.True(sum.Success, f);
            string name = sum.Groups[1].Value;
            Assert.Contains(name + " += ", f);
            Assert.Contains("adj_x[col] += " + name + ";", f);
            Assert.DoesNotContain("adj_x[col] += __a", f);
        }

        [Fact]
        public void An_element_of_a_local_array_read_at_an_index_the_inner_loop_does_not_change_is_read_once_before_it()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            string whole = run.Method("C.Triangle.g.cs", "TriangleGradient(");
            string gradient = whole.Substring(whole.IndexOf("// Reverse sweep", System.StringComparison.Ordinal));
            Match read = Regex.Match(gradient, @"double (__e\d+) = \(uint\)\(col\) < \(uint\)x\.Length \? x\[col\] : 0;");
            Assert.True(read.Success, gradient);
            Assert.Contains("* " + read.Groups[1].Value, gradient);
            Assert.DoesNotMatch(@"\+= __a\d+ \* x\[col\];", gradient);

            // A parameter's element is left to the loop: the adjoint arrays it stores into may share its memory.
            Assert.DoesNotMatch(@"__e\d+ = \(uint\)\(\w+\) < \(uint\)v\.Length", run.Method("C.MovingIndex.g.cs", "MovingIndexGradient("));
        }

        [Fact]
        public void A_counter_the_inner_loop_steps_back_is_stepped_on_a_copy()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            string gradient = run.Method("C.Triangle.g.cs", "TriangleGradient(");
            Match copy = Regex.Match(gradient, @"var (__n\d+) = li;");
            Assert.True(copy.Success, gradient);
            string name = copy.Groups[1].Value;
            Assert.Contains(name + "--;", gradient);
            Assert.Contains("l[" + name + "]", gradient);
            Assert.Contains("li = " + name + ";", gradient);
            Assert.DoesNotContain("li--;", gradient);
        }

        [Fact]
        public void The_forward_sweep_reads_the_invariant_element_once_and_steps_the_counter_on_a_copy()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            string gradient = run.Method("C.Triangle.g.cs", "TriangleGradient(");
            string forward = gradient.Substring(0, gradient.IndexOf("// Reverse sweep", System.StringComparison.Ordinal));
            Match copy = Regex.Match(forward, @"int (__n\d+) = li;");
            Assert.True(copy.Success, forward);
            string counter = copy.Groups[1].Value;
            Assert.Contains(counter + "++;", forward);
            Assert.Contains("l[" + counter + "]", forward);
            Assert.Contains("li = " + counter + ";", forward);
            Assert.DoesNotContain("li++;", forward);
            Match read = Regex.Match(forward, @"double (__e\d+) = \(uint\)\(col\) < \(uint\)x\.Length \? x\[col\] : 0;");
            Assert.True(read.Success, forward);
            Assert.DoesNotMatch(@"= x\[col\];", forward);
        }

        [Theory]
        [InlineData("C.ReadInTheLoop.g.cs")]
        [InlineData("C.MovingIndex.g.cs")]
        public void An_element_read_in_the_loop_or_an_index_the_loop_moves_is_left_alone(string file)
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.DoesNotContain("__sum", run.Source(file));
        }
    }
}
