using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// An exception inside a generated gradient points at the user's statement, in the forward sweep
    /// and in the reverse sweep alike: the emitter maps both with <c>#line</c>.
    /// </summary>
    public sealed class LineMappingTests
    {
        // Line 10 holds the statement both sweeps fail in.
        private const string Source =
            "using Diff;\n" +                                   // 1
            "static partial class Functions\n" +                // 2
            "{\n" +                                             // 3
            "    [Differentiable]\n" +                          // 4
            "    public static double SumOfSquares(double[] x, int n)\n" + // 5
            "    {\n" +                                         // 6
            "        double s = 0.0;\n" +                       // 7
            "        for (int i = 0; i < n; i++)\n" +           // 8
            "        {\n" +                                     // 9
            "            s += x[i] * x[i];\n" +                 // 10
            "        }\n" +                                     // 11
            "\n" +                                              // 12
            "        return s;\n" +                             // 13
            "    }\n" +                                         // 14
            "}\n";

        private const int FailingLine = 10;

        // An expression body on a line of its own: line 6.
        private const string ExpressionBodied =
            "using Diff;\n" +                                      // 1
            "static partial class Functions\n" +                   // 2
            "{\n" +                                                // 3
            "    [Differentiable]\n" +                             // 4
            "    public static double Square(double[] x, int n)\n" + // 5
            "        => x[n] * x[n];\n" +                          // 6
            "}\n";

        [Fact]
        public void Forward_sweep_exception_points_at_the_users_line()
        {
            MethodInfo gradient = LoadGradient();
            // n runs past the end of x: the forward sweep reads x[2].
            StackFrame frame = FirstFrameIn(gradient, new object[] { new double[2], 3, new double[2] });
            Assert.Equal("Source0.cs", Path.GetFileName(frame.GetFileName()));
            Assert.Equal(FailingLine, frame.GetFileLineNumber());
        }

        // A registered pullback that fails: only the reverse sweep calls it, from line 10.
        private const string ReverseFailure =
            "using Diff;\n" +                                                               // 1
            "static class Plain { public static void Fill(double[] x, double[] y) { } }\n" +  // 2
            "static partial class Functions\n" +                                            // 3
            "{\n" +                                                                         // 4
            "    [DerivativeOf(typeof(Plain), nameof(Plain.Fill))]\n" +                      // 5
            "    public static void FillPullback(double[] x, double[] y, double[] dX, double[] dY) => dX[x.Length] += dY[0];\n" + // 6
            "    [Differentiable]\n" +                                                      // 7
            "    public static double Copy(double[] x, double[] y)\n" +                     // 8
            "    {\n" +                                                                     // 9
            "        Plain.Fill(x, y);\n" +                                                 // 10
            "        return y[0] * x[0];\n" +                                               // 11
            "    }\n" +                                                                     // 12
            "}\n";

        [Fact]
        public void Reverse_sweep_exception_points_at_the_users_line()
        {
            MethodInfo gradient = LoadGradient(ReverseFailure, "CopyGradient");
            StackFrame frame = FirstFrameIn(gradient, new object[] { new double[2], new double[2], new double[2], new double[2] });
            Assert.Equal("Source0.cs", Path.GetFileName(frame.GetFileName()));
            Assert.Equal(10, frame.GetFileLineNumber());
        }

        [Fact]
        public void Expression_body_exception_points_at_its_line()
        {
            MethodInfo gradient = LoadGradient(ExpressionBodied, "SquareGradient");
            StackFrame frame = FirstFrameIn(gradient, new object[] { new double[2], 2, new double[2] });
            Assert.Equal("Source0.cs", Path.GetFileName(frame.GetFileName()));
            Assert.Equal(6, frame.GetFileLineNumber());
        }

        // Tensor mode: the matrix product on line 7 refuses mismatched shapes in the forward sweep.
        private const string TensorSource =
            "using Diff;\n" +                                      // 1
            "static partial class Functions\n" +                   // 2
            "{\n" +                                                // 3
            "    [Differentiable]\n" +                             // 4
            "    public static Tensor Loss(Tensor a, Tensor b)\n" + // 5
            "    {\n" +                                            // 6
            "        Tensor c = Tensor.MatMul(a, b);\n" +          // 7
            "        return c.Sum();\n" +                          // 8
            "    }\n" +                                            // 9
            "}\n";

        [Fact]
        public void Tensor_mode_exception_points_at_the_users_line()
        {
            MethodInfo gradient = LoadGradient(TensorSource, "LossGradient");
            var a = Tensor.Zeros(2, 3);
            var b = Tensor.Zeros(2, 3);
            TargetInvocationException thrown = Assert.Throws<TargetInvocationException>(() => gradient.Invoke(null, new object?[] { a, b, null, null }));
            Assert.IsAssignableFrom<ArgumentException>(thrown.InnerException);
            StackFrame frame = new StackTrace(thrown.InnerException!, fNeedFileInfo: true).GetFrames().First(f => f.GetMethod()?.Name == "LossRecord");
            Assert.Equal("Source0.cs", Path.GetFileName(frame.GetFileName()));
            Assert.Equal(7, frame.GetFileLineNumber());
        }

        [Fact]
        public void Generated_source_maps_statements_and_restores_default_lines()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            string text = run.Sources.Single(s => s.HintName == "Functions.SumOfSquares.g.cs").Text;
            // The first directive of each mapped run names the file; the ones after it keep it.
            Assert.Matches("#line [0-9]+ \"Source0\\.cs\"\n", text);
            Assert.Matches("#line 10( \"Source0\\.cs\")?\n", text);
            Assert.Contains("#line hidden", text, StringComparison.Ordinal);
            Assert.Contains("#line default", text, StringComparison.Ordinal);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        private static MethodInfo LoadGradient() => LoadGradient(Source, "SumOfSquaresGradient");

        private static MethodInfo LoadGradient(string source, string name)
        {
            // Debug information needs the source's encoding, as a build from files has it.
            CSharpCompilation compilation = GeneratorHarness.Compile(source);
            SyntaxTree tree = compilation.SyntaxTrees.Single();
            compilation = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(SourceText.From(source, Encoding.UTF8), GeneratorHarness.ParseOptions, tree.FilePath));
            GeneratorHarness run = GeneratorHarness.Run(compilation);
            using var peStream = new MemoryStream();
            using var pdbStream = new MemoryStream();
            EmitResult emit = run.Output.Emit(peStream, pdbStream, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
            Assembly assembly = Assembly.Load(peStream.ToArray(), pdbStream.ToArray());
            return assembly.GetType("Functions")!.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
        }

        private static StackFrame FirstFrameIn(MethodInfo gradient, object[] arguments)
        {
            TargetInvocationException thrown = Assert.Throws<TargetInvocationException>(() => gradient.Invoke(null, arguments));
            Exception inner = Assert.IsType<IndexOutOfRangeException>(thrown.InnerException);
            StackFrame[] frames = new StackTrace(inner, fNeedFileInfo: true).GetFrames();
            // The Gradient of a method that writes buffers runs its Pullback, whose frame is the innermost.
            string pullback = gradient.Name.Replace("Gradient", "Pullback");
            return frames.First(f => f.GetMethod()?.Name == gradient.Name || f.GetMethod()?.Name == pullback);
        }
    }
}
