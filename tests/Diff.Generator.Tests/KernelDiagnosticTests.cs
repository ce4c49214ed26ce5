using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// Kernel mode's diagnostics: everything outside ILGPU's kernel subset is an error at the offending
    /// code (DIFF016), at build time rather than when ILGPU loads the kernel; adjoints that need atomics get
    /// an info diagnostic (DIFF017); [Kernel] without ILGPU is DIFF018. What is accepted compiles.
    /// </summary>
    public sealed class KernelDiagnosticTests
    {
        private const string Usings = "using System;\nusing Diff;\nusing ILGPU;\n";

        [Theory]
        [InlineData("[Kernel] static void K(Index1D i, ArrayView<double> x) { double[] t = [|new double[4]|]; x[i] = t[0] * x[i]; }")]
        [InlineData("static readonly double[] Table = { 1, 2 }; [Kernel] static void K(Index1D i, ArrayView<double> x) { x[i] = x[i] * [|Table|][0]; }")]
        [InlineData("[Kernel] static void K(Index1D i, ArrayView<double> x) { if (x[i] < 0) [|throw new ArgumentException(\"negative\");|] x[i] = x[i] * 2; }")]
        [InlineData("[Kernel] static void K(Index1D i, ArrayView<float> x) { var (s, c) = [|MathF.SinCos(x[i])|]; x[i] = s * c; }")]
        [InlineData("[Kernel] static void K(Index1D i, ArrayView<double> x, ArrayView<double> y) { y[i] = [|Math.Clamp(x[i], -1.0, 1.0)|]; }")]
        [InlineData("[Kernel] static void K(Index1D i, ArrayView<double> x, ArrayView<double> y) { y[i] = [|Math.Sign(x[i])|] * x[i] * x[i]; }")]
        [InlineData("[Kernel] static void K(Index1D i, int n, ArrayView<double> x) { int k = 0; [|while (k < n) { x[i] = x[i] * 0.5; k++; }|] }")]
        [InlineData("static double Square(double v) => v * v; [Kernel] static void K(Index1D i, ArrayView<double> x) { x[i] = [|Square(x[i])|]; }")]
        [InlineData("[Differentiable] static double Sum(double v, int n) { double s = 0; for (int k = 0; k < n; k++) s += v; return s; } [Kernel] static void K(Index1D i, ArrayView<double> x) { x[i] = [|Sum(x[i], 3)|]; }")]
        [InlineData("static double scale = 2; [Kernel] static void K(Index1D i, ArrayView<double> x) { x[i] = x[i] * [|scale|]; }")]
        [InlineData("[Kernel] static void K(Index1D i, ArrayView<double> x) { x[i] = x[i] * x[i]; [|Group.Barrier()|]; }")]
        [InlineData("[Kernel] static void K(Index1D i, ArrayView<double> x) { Func<double, double> f = [|v => v * v|]; x[i] = x[i] * 2; }")]
        [InlineData("[Kernel] static void K(Index1D i, double[] [|x|]) { x[i] = x[i] * 2; }")]
        [InlineData("[Kernel] static void K(Index1D i, ArrayView<double> x, bool [|twice|]) { x[i] = twice ? x[i] * 2 : x[i]; }")]
        // A running maximum over an index with a side effect: the pick cannot evaluate it again.
        [InlineData("[Kernel] static void K(Index1D i, int n, ArrayView<double> x, ArrayView<double> y) { int k = i * n; double m = x[k]; for (int j = 1; j < n; j++) { [|m = Math.Max(m, x[++k]);|] } y[i] = m; }")]
        // An online softmax: the running maximum is read on the same trip, so each trip's value would need recording.
        [InlineData("[Kernel] static void K(Index1D i, int n, ArrayView<double> x, ArrayView<double> y) { double m = x[i * n]; double s = 0; for (int j = 1; j < n; j++) { [|m = Math.Max(m, x[i * n + j]);|] s += Math.Exp(x[i * n + j] - m); } y[i] = m + s; }")]
        [InlineData("[Kernel] static void K(Index1D i, int n, ArrayView<double> x) { for (int j = 0; j < n; j++) { [|x[i] = x[i] * x[i];|] } }")]
        // A loop local assigned again after its declaration: each trip's first value would need recording.
        [InlineData("[Kernel] static void K(Index1D i, int n, ArrayView<double> x, ArrayView<double> y) { double s = 0; for (int j = 0; j < n; j++) { double v = x[i * n + j]; [|v = v * v;|] s += v * v; } y[i] = s; }")]
        // A loop local computed from what the loop accumulates: the reverse sweep cannot compute it again.
        [InlineData("[Kernel] static void K(Index1D i, int n, ArrayView<double> x, ArrayView<double> y) { double s = 0; for (int j = 0; j < n; j++) { double c = x[i * n + j] - s; [|s += c * c;|] } y[i] = s; }")]
        // Of two locals of one name in two loops, only the second reads what its loop accumulates: it alone is refused.
        [InlineData("[Kernel] static void K(Index1D i, int n, ArrayView<double> x, ArrayView<double> y) { double s = 0; for (int j = 0; j < n; j++) { double v = x[i * n + j] * x[i]; s += v * v; } for (int j = 0; j < n; j++) { double v = x[i * n + j] - s; [|s += 0.5 * v * v;|] } y[i] = s; }")]
        // A local read inside a loop but assigned again after it: the reverse sweep would read the later value.
        [InlineData("[Kernel] static void K(Index1D i, int n, ArrayView<double> x, ArrayView<double> y) { int at = i * n; double s = 0; for (int j = 0; j < n; j++) { [|s += x[at + j] * x[at + j];|] } at = 0; y[i] = s + x[at]; }")]
        [InlineData("[Kernel] static void K(Index1D i, ArrayView<float> x) { x[i] = [|ILGPU.Algorithms.XMath.Rsqrt(x[i])|]; }")]
        public void Reports_code_outside_the_kernel_subset_at_the_offending_code(string member) =>
            AssertKernelError("DIFF016", member);

        [Theory]
        // A 2-D convolution with padding: the input position in integer loop locals.
        [InlineData("public static void Conv(Index1D o, int inH, int inW, int kH, int kW, int outW, ArrayView<float> x, ArrayView<float> w, ArrayView<float> y) { int oh = o / outW; int ow = o % outW; float total = 0f;"
            + " for (int i = 0; i < kH; i++) { for (int j = 0; j < kW; j++) { int ih = oh - 1 + i; int iw = ow - 1 + j;"
            + " if (ih >= 0 && ih < inH && iw >= 0 && iw < inW) { total += x[ih * inW + iw] * w[i * kW + j]; } } } y[o] = total; }")]
        // Layer norm: a float local in a loop, computed from the input and a mean that is final before the loop.
        [InlineData("public static void Norm(Index1D row, int size, ArrayView<float> x, ArrayView<float> y) { int start = row * size; float total = 0f; for (int j = 0; j < size; j++) { total += x[start + j]; }"
            + " float mean = total / size; float squares = 0f; for (int j = 0; j < size; j++) { float centred = x[start + j] - mean; squares += centred * centred; }"
            + " float inverse = 1f / MathF.Sqrt(squares / size + 1e-5f); for (int j = 0; j < size; j++) { float centred = x[start + j] - mean; y[start + j] = centred * inverse; } }")]
        // An index taken apart through a local divided again before the loop: what is set from it, and its last value, are read in the loop.
        [InlineData("public static void Decompose(Index1D o, int outW, int outH, int outChannels, ArrayView<float> x, ArrayView<float> w, ArrayView<float> y) { int rest = o / outW; int oh = rest % outH; rest = rest / outH;"
            + " int oc = rest % outChannels; rest = rest / outChannels; float total = 0f; for (int j = 0; j < outW; j++) { int at = (rest * outChannels + oc) * outW + j;"
            + " total += x[at] * w[oh * outW + j]; } y[o] = total; }")]
        // A loop bound set differently on one path, final before the loop.
        [InlineData("public static void Bound(Index1D o, int n, int m, ArrayView<double> x, ArrayView<double> y) { int count = n; if (o == 0) { count = m; } double s = 0; for (int j = 0; j < count; j++) { s += x[j] * x[j]; } y[o] = s; }")]
        // Loop locals of nested loops, one reading another, a math function, and a branch on a loop local.
        [InlineData("public static void Nested(Index1D o, int n, ArrayView<double> x, ArrayView<double> w, ArrayView<double> y) { double s = 0; for (int i = 0; i < n; i++) { double a = x[i] * 2.0;"
            + " for (int j = 0; j < n; j++) { double b = a * w[j] + Math.Sin(a); if (b > 0) { s += b * b; } } } y[o] = s; }")]
        public void Loop_locals_and_locals_final_before_a_loop_are_computed_again_in_the_reverse_sweep(string member)
        {
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, Usings + "static partial class C { [Kernel] " + member + " }"));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            string generated = Assert.Single(run.Sources).Text;
            Assert.Contains("Adjoint(", generated);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void A_kernel_parameter_may_have_the_name_of_a_launcher_local()
        {
            // The launchers' own locals (the accelerator, the extent, the scratch views standing in for adjoints not given)
            // take names that no parameter, adjoint or tangent of the kernel has.
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true,
                Usings + "static partial class C { [Kernel] public static void K(Index1D i, ArrayView<double> input, ArrayView<double> target, ArrayView<double> scratch, ArrayView<double> accelerator) { scratch[i] = (input[i] - target[i]) * (input[i] - target[i]) + accelerator[i]; } }"));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.Contains(run.Sources, s => s.Text.Contains("using var _scratch = new global::Diff.Gpu.ScratchViews(_accelerator);", System.StringComparison.Ordinal));
        }

        [Fact]
        public void A_kernel_calls_a_helper_declared_in_another_file()
        {
            // The helper's calls are read without this file's semantic model, which knows nothing of the other file.
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true,
                Usings + "static partial class C { [Kernel] public static void K(Index1D i, ArrayView<double> x) { x[i] = H.Soft(x[i]); } }",
                Usings + "static partial class H { [Differentiable] public static double Soft(double v) => Math.Log(1 + Math.Exp(v)); }"));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains("SoftGradient(", Assert.Single(run.Sources, s => s.HintName == "C.K.g.cs").Text);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void A_loop_local_is_declared_again_at_the_top_of_its_reverse_trip()
        {
            string source = Usings + "static partial class C { [Kernel] public static void Norm(Index1D row, int size, ArrayView<double> x, ArrayView<double> y) {"
                + " int start = row * size; double total = 0; for (int j = 0; j < size; j++) { total += x[start + j]; } double mean = total / size; double squares = 0;"
                + " for (int j = 0; j < size; j++) { double centred = x[start + j] - mean; squares += centred * centred; } y[row] = squares; } }";
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            string generated = Assert.Single(run.Sources).Text;
            string adjoint = generated.Substring(generated.IndexOf("static void NormAdjoint(", System.StringComparison.Ordinal));
            adjoint = adjoint.Substring(0, adjoint.IndexOf("static void NormTangent(", System.StringComparison.Ordinal));
            string[] lines = adjoint.Split('\n').Select(l => l.Trim()).Where(l => !l.StartsWith("#line", System.StringComparison.Ordinal)).ToArray();

            // The first reverse loop (the second loop, run backwards) evaluates the local again first, before the reverse of
            // the statement that reads it; the forward replay declares it once more, and nothing is recorded.
            int reverseLoop = System.Array.FindIndex(lines, l => l == "for (int j = (size) - 1; j >= (0); j--)");
            int reversedRead = System.Array.FindIndex(lines, l => l.StartsWith("adj_centred += ", System.StringComparison.Ordinal));
            Assert.True(reverseLoop > 0 && reversedRead > reverseLoop, adjoint);
            Assert.Equal("double centred = x[start + j] - mean;", lines[reverseLoop + 2]);
            Assert.Contains("(centred + centred)", lines[reversedRead]);
            Assert.Equal(2, lines.Count(l => l == "double centred = x[start + j] - mean;"));
            Assert.DoesNotContain("Push", adjoint);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Theory]
        // A barrier inside a loop (a tree reduction): the reverse would need the loop's phases recorded.
        [InlineData("var s = SharedMemory.Allocate<double>(8); int l = Group.IdxX; s[l] = x[Grid.GlobalIndex.X]; Group.Barrier(); for (int w = 4; w > 0; w /= 2) { if (l < w) s[l] += s[l + w]; Group.Barrier(); } if (l == 0) x[Grid.GlobalIndex.X] = s[0];")]
        // A barrier inside a branch.
        [InlineData("var s = SharedMemory.Allocate<double>(8); s[Group.IdxX] = x[Grid.GlobalIndex.X]; if (Group.IdxX < 4) { Group.Barrier(); } x[Grid.GlobalIndex.X] = s[Group.IdxX];")]
        // A warp shuffle.
        [InlineData("double v = x[Grid.GlobalIndex.X]; x[Grid.GlobalIndex.X] = v + Warp.Shuffle(v, 0);")]
        public void An_explicitly_grouped_kernel_outside_the_phased_subset_needs_a_registered_backward(string body)
        {
            (string source, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(Usings + "static partial class C { [Kernel] static void [|K|](ArrayView<double> x) { " + body + " } }");
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF016");
            Assert.Equal(span!.Value, diagnostic.Location.SourceSpan);
            Assert.Contains("[DerivativeOf(typeof(C), nameof(C.K))]", diagnostic.GetMessage());
            Assert.Contains("Group.Barrier() statements at the top level", diagnostic.GetMessage());
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void A_kernel_that_stages_a_tile_in_shared_memory_is_differentiated_without_atomics_in_the_group()
        {
            string source = Usings + "static partial class C { [Kernel] public static void K(ArrayView<double> x, ArrayView<double> y) {"
                + " var tile = SharedMemory.Allocate<double>(10); int g = Grid.GlobalIndex.X; int l = Group.IdxX;"
                + " tile[l + 1] = x[g];"
                + " Group.Barrier();"
                + " y[g] = tile[l] * tile[l + 1] + Math.Exp(tile[l + 2]); } }";
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            string generated = Assert.Single(run.Sources).Text;

            // One copy of the tile's adjoint per offset the readers add at, zeroed by the group, then a barrier.
            Assert.Contains("var adj_tile_0 = global::ILGPU.SharedMemory.Allocate<double>(10);", generated);
            Assert.Contains("var adj_tile_2 = global::ILGPU.SharedMemory.Allocate<double>(10);", generated);
            Assert.Contains("adj_tile_0[l] += ", generated);
            Assert.Contains("adj_tile_1[l + 1] += ", generated);
            Assert.Contains("adj_tile_2[l + 2] += ", generated);

            // The writer of an element takes the sum of the copies, after the group has waited at the mirrored barrier.
            string adjoint = generated.Substring(generated.IndexOf("static void KAdjoint(", System.StringComparison.Ordinal));
            adjoint = adjoint.Substring(0, adjoint.IndexOf("static void KTangent(", System.StringComparison.Ordinal));
            string[] lines = adjoint.Split('\n').Select(l => l.Trim()).Where(l => !l.StartsWith("#line", System.StringComparison.Ordinal)).ToArray();
            int increments = System.Array.FindIndex(lines, l => l.StartsWith("adj_tile_2[l + 2] += ", System.StringComparison.Ordinal));
            int take = System.Array.FindIndex(lines, l => l.Contains("= adj_tile_0[l + 1] + adj_tile_1[l + 1] + adj_tile_2[l + 1];"));
            Assert.True(increments > 0 && take > increments, adjoint);
            Assert.Contains("global::ILGPU.Group.Barrier();", lines.Skip(increments).Take(take - increments));
            Assert.Equal(3, lines.Count(l => l == "global::ILGPU.Group.Barrier();"));   // after zeroing the copies, the forward's, and its mirror
            Assert.DoesNotContain("Atomic.Add(ref adj_tile", adjoint);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Theory]
        // Read in a loop: neighbouring threads read one element, so their increments would meet.
        [InlineData("tile[l] = x[g]; Group.Barrier(); double acc = 0; for (int k = 0; k < 8; k++) { [|acc += tile[k] * tile[k];|] } y[g] = acc;", "atomics inside the group")]
        // Read at a fixed element by every thread.
        [InlineData("tile[l] = x[g]; Group.Barrier(); [|y[g] = tile[0] * x[g];|]", "atomics inside the group")]
        // Written in two phases.
        [InlineData("tile[l] = x[g]; Group.Barrier(); [|tile[l] = tile[l] * 2;|] Group.Barrier(); y[g] = tile[l];", "written in more than one phase")]
        // Read in the phase that writes it.
        [InlineData("tile[l] = x[g]; [|y[g] = tile[l] * 2;|] Group.Barrier();", "read in the phase that writes it")]
        public void A_shared_array_the_adjoint_cannot_reverse_without_atomics_is_refused_at_its_statement(string body, string reason)
        {
            (string source, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(Usings + "static partial class C { [Kernel] static void K(ArrayView<double> x, ArrayView<double> y) { var tile = SharedMemory.Allocate<double>(8); int g = Grid.GlobalIndex.X; int l = Group.IdxX; " + body + " } }");
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF016");
            Assert.Equal(span!.Value, diagnostic.Location.SourceSpan);
            Assert.Contains(reason, diagnostic.GetMessage());
            Assert.Contains("[DerivativeOf]", diagnostic.GetMessage());
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void A_kernel_with_barriers_does_not_return_early()
        {
            (string source, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(Usings + "static partial class C { [Kernel] static void K(ArrayView<double> x, ArrayView<double> y) { var tile = SharedMemory.Allocate<double>(8); int g = Grid.GlobalIndex.X; if (g >= x.Length) [|return;|] tile[Group.IdxX] = x[g]; Group.Barrier(); y[g] = tile[Group.IdxX]; } }");
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF016");
            Assert.Equal(span!.Value, diagnostic.Location.SourceSpan);
            Assert.Contains("every thread of the group must reach each Group.Barrier()", diagnostic.GetMessage());
        }

        [Fact]
        public void An_explicitly_grouped_kernel_with_a_registered_backward_gets_a_launcher()
        {
            string source = Usings + "using ILGPU.Runtime;\nstatic partial class C {"
                + " [Kernel] public static void K(ArrayView<double> x, double a) { var s = SharedMemory.Allocate<double>(8); s[Group.IdxX] = x[Grid.GlobalIndex.X]; Group.Barrier(); x[Grid.GlobalIndex.X] = s[0] * a; }"
                + " [DerivativeOf(typeof(C), nameof(C.K))] static void KBackward(Accelerator accelerator, KernelConfig config, ArrayView<double> x, double a, ArrayView<double> dX, ArrayView<double> dA) { } }";
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            string launcher = Assert.Single(run.Sources).Text;
            Assert.Contains("static class KLauncher", launcher);
            Assert.Contains("KBackward(accelerator, config, x, a, ", launcher);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void An_explicitly_grouped_kernel_that_only_reads_its_grid_position_is_differentiated()
        {
            string source = Usings + "static partial class C { [Kernel] public static void K(ArrayView<double> x, ArrayView<double> y) { int i = Grid.GlobalIndex.X; if (i >= x.Length) return; y[i] = Math.Exp(x[i]); } }";
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            string generated = Assert.Single(run.Sources).Text;
            Assert.Contains("static void KAdjoint(global::ILGPU.ArrayView<double> x, global::ILGPU.ArrayView<double> y, global::ILGPU.ArrayView<double> dX, global::ILGPU.ArrayView<double> dY)", generated);
            Assert.Contains("public static void Backward(global::ILGPU.Runtime.Accelerator accelerator, global::ILGPU.KernelConfig config,", generated);
            Assert.DoesNotContain("KHost", generated);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void A_kernel_backward_of_the_wrong_shape_is_an_invalid_registration()
        {
            string source = Usings + "static partial class C {"
                + " [Kernel] public static void K(ArrayView<double> x) { x[Grid.GlobalIndex.X] *= 2; }"
                + " [DerivativeOf(typeof(C), nameof(C.K))] static void KBackward(ArrayView<double> x, ArrayView<double> dX) { } }";
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF011");
            Assert.Contains("KernelConfig", diagnostic.GetMessage());
        }

        [Fact]
        public void A_kernel_in_a_type_that_is_not_partial_names_the_adjoint_kernel()
        {
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, Usings + "static class C { [Kernel] static void K(Index1D i, ArrayView<double> x) { x[i] = x[i] * x[i]; } }"));
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF008");
            Assert.Contains("KAdjoint", diagnostic.GetMessage());
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void A_grid_stride_loop_that_scales_in_place_is_refused_once_at_its_statement()
        {
            // The loop runs backwards by its stride, but the factor's partial is the element the statement overwrites.
            (string source, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(Usings + "static partial class C { [Kernel] static void K(ArrayView<float> data, float factor) { for (int i = Grid.GlobalIndex.X; i < data.Length; i += Grid.Dimension.X * Group.Dimension.X) [|data[i] = data[i] * factor;|] } }");
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF016");
            Assert.Equal(span!.Value, diagnostic.Location.SourceSpan);
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void A_grid_stride_loop_runs_backwards_by_its_stride_and_its_elements_are_the_threads_own()
        {
            string source = Usings + "static partial class C { [Kernel] static void K(ArrayView<double> x, ArrayView<double> y, double a) {"
                + " for (int i = Grid.GlobalIndex.X; i < y.IntLength; i += Grid.Dimension.X * Group.Dimension.X) y[i] = a * Math.Sin(x[i]) + y[i]; } }";
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Diagnostic info = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF017");
            Assert.Contains("'dA'", info.GetMessage());
            string generated = Assert.Single(run.Sources).Text;
            Assert.Contains("dX[i] += ", generated);
            Assert.DoesNotContain("Atomic.Add(ref dX", generated);
            Assert.Contains("i -= (Grid.Dimension.X * Group.Dimension.X)", generated);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void Kernel_without_ilgpu_is_an_error_that_names_the_library()
        {
            (string source, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse("using Diff;\nstatic partial class C { [Kernel] static void [|K|](int i, double[] x) { x[i] = x[i] * 2; } }");
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF018");
            Assert.Equal(span!.Value, diagnostic.Location.SourceSpan);
            Assert.Contains("Diff.Runtime", diagnostic.GetMessage());
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void An_array_view_parameter_on_a_differentiable_method_says_to_use_kernel()
        {
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, Usings + "static partial class C { [Differentiable] static void F(ArrayView<double> x) { x[0] = x[0] * 2; } }"));
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF010");
            Assert.Contains("[Kernel]", diagnostic.GetMessage());
        }

        [Fact]
        public void A_two_dimensional_stencil_is_gathered_by_rows_and_columns()
        {
            string source = Usings + "static partial class C { [Kernel] static void Blur(Index2D p, int width, ArrayView<double> x, ArrayView<double> y) {"
                + " int row = p.Y; int column = p.X;"
                + " if (row > 0 && column > 0) y[row * width + column] = x[(row - 1) * width + column] * x[row * width + column - 1] + Math.Sin(x[row * width + column]); } }";
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "DIFF017" || d.Severity == DiagnosticSeverity.Error);
            string generated = Assert.Single(run.Sources).Text;

            // The neighbour one row up adds at this element from (row − 1)·width + column: it is this element minus −width.
            Assert.Contains("static void BlurAdjointGather(global::ILGPU.Index1D target, global::ILGPU.Index2D extent,", generated);
            Assert.Contains("long __source = (long)target.X - (-1 * width);", generated);
            Assert.Contains("long __source = (long)target.X - (-1);", generated);
            Assert.Contains("global::ILGPU.Index2D p = new global::ILGPU.Index2D((int)(__source % width), (int)(__source / width));", generated);
            Assert.Contains("if (extent.X <= width)", generated);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void Shared_adjoints_get_an_info_and_private_and_gathered_ones_do_not()
        {
            string source = Usings + "static partial class C {"
                + " [Kernel] static void Lookup(Index1D i, ArrayView<int> index, ArrayView<double> x, ArrayView<double> y) { y[i] = x[index[i]]; }"
                + " [Kernel] static void Stencil(Index1D i, ArrayView<double> x, ArrayView<double> y) { if (i > 0 && i < x.Length - 1) y[i] = x[i - 1] - 2 * x[i] + x[i + 1]; }"
                + " [Kernel] static void Activation(Index1D i, ArrayView<double> x, ArrayView<double> y) { y[i] = Math.Tanh(x[i]); } }";
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Diagnostic info = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF017");
            Assert.Equal(DiagnosticSeverity.Info, info.Severity);
            Assert.Contains("'Lookup'", info.GetMessage());
            Assert.Contains("'dX'", info.GetMessage());
            Assert.Contains("order", info.GetMessage());
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);

            // The 1-D stencil's adjoint is a gather, in two launches, without atomics.
            string stencil = run.Sources.Single(s => s.HintName == "C.Stencil.g.cs").Text;
            Assert.Contains("static void StencilAdjointGather(", stencil);
            Assert.Contains("static void StencilAdjointLocal(", stencil);
        }

        [Fact]
        public void The_launcher_is_written_only_with_the_launch_helpers()
        {
            string source = Usings + "static partial class C { [Kernel] public static void Scale(Index1D i, double a, ArrayView<double> x) { x[i] = a * x[i]; } }";
            // Without the runtime (and so without Diff.Gpu.LaunchChecks), the attributes come from source.
            const string Attributes = "namespace Diff { [System.AttributeUsage(System.AttributeTargets.Method)] public sealed class KernelAttribute : System.Attribute { } "
                + "[System.AttributeUsage(System.AttributeTargets.Method)] public sealed class DifferentiableAttribute : System.Attribute { } "
                + "[System.AttributeUsage(System.AttributeTargets.Parameter)] public sealed class NoDiffAttribute : System.Attribute { } }";
            GeneratorHarness withLibrary = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            GeneratorHarness ilgpuOnly = GeneratorHarness.Run(GeneratorHarness.CompileKernels(false, source, Attributes));

            string full = Assert.Single(withLibrary.Sources).Text;
            string bare = Assert.Single(ilgpuOnly.Sources).Text;
            Assert.Contains("static void ScaleAdjoint(", full);
            Assert.Contains("static void ScaleHost(", full);
            Assert.Contains("static void ScaleHostAdjoint(", full);
            Assert.Contains("static class ScaleLauncher", full);
            Assert.Contains("static void ScaleAdjoint(", bare);
            Assert.DoesNotContain("ScaleLauncher", bare);
            Assert.Empty(withLibrary.GeneratedCodeErrors);
            Assert.Empty(ilgpuOnly.GeneratedCodeErrors);
        }

        private static void AssertKernelError(string id, string member)
        {
            (string source, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(Usings + "static partial class C { " + member + " }");
            GeneratorHarness run = GeneratorHarness.Run(GeneratorHarness.CompileKernels(true, source));
            Diagnostic[] matching = run.GeneratorDiagnostics.Where(d => d.Id == id).ToArray();
            Assert.True(matching.Length > 0, $"expected {id}; got: {string.Join("; ", run.GeneratorDiagnostics)}");
            Assert.All(matching, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
            Assert.Contains(matching, d => d.Location.SourceSpan == span!.Value);
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.DoesNotContain(run.Sources, s => s.HintName.Contains("C.K"));
        }
    }
}
