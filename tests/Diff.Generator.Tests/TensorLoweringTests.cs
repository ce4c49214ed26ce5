using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>The tensor-mode IR after Parse: what is never differentiated is typed values, not text.</summary>
    public sealed class TensorLoweringTests
    {
        private static TensorMethodModel Parse(string member)
        {
            Result<BoundMethod> bound = GeneratorHarness.BindFirstMethod("using System; using Diff; using Diff.NN; static partial class C { " + member + " }");
            Assert.Empty(bound.Diagnostics);
            Assert.Equal(MethodMode.Tensor, bound.Value!.Mode);
            return bound.Value.Tensor!;
        }

        private static IEnumerable<TensorStmt> All(IEnumerable<TensorStmt> statements)
        {
            foreach (TensorStmt statement in statements)
            {
                yield return statement;
                IEnumerable<TensorStmt> inner = statement switch
                {
                    IfTensorStmt branch => branch.Then.Concat(branch.Else),
                    WhileTensorStmt loop => loop.Body,
                    ForEachTensorStmt loop => loop.Body,
                    _ => Enumerable.Empty<TensorStmt>(),
                };
                foreach (TensorStmt nested in All(inner))
                {
                    yield return nested;
                }
            }
        }

        [Fact]
        public void Statements_without_a_derivative_are_value_trees()
        {
            TensorMethodModel method = Parse(
                "[Differentiable] static Tensor F(Tensor x, int n) { Tensor y = x; int k = 0; "
                + "for (int i = 0; i < n; i++) { if (k > 3) break; k += 2; y = y * x; } "
                + "if (n < 0) throw new ArgumentException(nameof(n)); GC.KeepAlive(x); return y.Sum(); }");
            PlainStmt[] plain = All(method.Body).OfType<PlainStmt>().ToArray();

            // The break flag: set false before the loop and true by the break, as bool constants.
            PlainStmt[] flags = plain.Where(p => p.Effect is UpdateValue { Operator: UpdateOperator.Assign, Operand: ConstantValue { Type.Kind: IrTypeKind.Bool } }).ToArray();
            Assert.Equal(2, flags.Length);
            Assert.All(flags, f => Assert.Equal(((UpdateValue)f.Effect).Name, Assert.Single(f.Writes)));

            PlainStmt add = Assert.Single(plain, p => p.Effect is UpdateValue { Operator: UpdateOperator.Add });
            Assert.Equal("k += 2;", add.Code);
            Assert.Equal(new[] { "k" }, add.Writes.ToArray());
            PlainStmt increment = Assert.Single(plain, p => p.Effect is UpdateValue { Operator: UpdateOperator.Increment });
            Assert.Equal("i++;", increment.Code);

            PlainStmt thrown = Assert.Single(plain, p => p.Throws);
            Assert.IsType<HostValue>(thrown.Effect);
            Assert.Equal("throw new ArgumentException(nameof(n));", thrown.Code);
            PlainStmt call = Assert.Single(plain, p => p.Effect is HostValue && !p.Throws);
            Assert.Empty(call.Writes);

            // `int k = 0;` is an assignment of a hoisted local from a constant value.
            Assert.Contains(All(method.Body), s => s is AssignTensorStmt { Target: "k", Value: InactiveValue { Value: ConstantValue { Text: "0" } } });
            Assert.IsType<BinaryValue>(Assert.Single(All(method.Body).OfType<WhileTensorStmt>()).Condition);
        }

        [Fact]
        public void Constant_operands_are_values_printed_with_the_parentheses_they_need()
        {
            TensorMethodModel method = Parse("[Differentiable] static Tensor F(Tensor x, float a, float b) => (x * (a + b) - -a).Sum();");
            OpValue[] ops = All(method.Body).OfType<AssignTensorStmt>().Select(s => s.Value).OfType<OpValue>().ToArray();
            OpValue multiply = Assert.Single(ops, o => o.Args.Count == 2 && o.Args[1].Value is BinaryValue);
            Assert.Equal("x * (a + b)", multiply.ForwardCode);
            Assert.Equal("a + b", multiply.Args[1].Code);
            Assert.Equal("x", Assert.IsType<NameValue>(multiply.Args[0].Value).Name);
            OpValue subtract = Assert.Single(ops, o => o.Args.Count == 2 && o.Args[1].Value is UnaryValue);
            Assert.EndsWith(" - -a", subtract.ForwardCode);
        }

        [Fact]
        public void A_foreach_collection_is_a_value()
        {
            TensorMethodModel method = Parse("[Differentiable] static Tensor F(Tensor x, int[] steps) { Tensor y = x; foreach (int s in steps) { y = y * x; } return y.Sum(); }");
            ForEachTensorStmt loop = Assert.Single(All(method.Body).OfType<ForEachTensorStmt>());
            Assert.Equal("steps", Assert.IsType<NameValue>(loop.Collection).Name);
        }

        [Fact]
        public void Reverse_sweep_is_IR_that_replays_branches_and_loops_last_to_first()
        {
            TensorMethodModel method = Parse(
                "[Differentiable] static Tensor F(Tensor x, int n) { Tensor y = x; "
                + "for (int i = 0; i < n; i++) { if (i % 2 == 0) y = y * x; else y = y.Relu(); } return y.Sum(); }");
            string reverse = IrPrinter.Print(Differentiate.TensorReverseTransform.Transform(method));

            // The result is seeded, then the statements come back last to first: the sum, the loop (its
            // branch replayed by the recorded choice, each op through its registered backward), the copy.
            string[] lines = reverse.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("restore all locals; d", lines[0]);
            Assert.Contains("through", lines[1]);
            int loop = System.Array.FindIndex(lines, l => l.StartsWith("repeat recorded trips", System.StringComparison.Ordinal));
            int branch = System.Array.FindIndex(lines, l => l.Trim() == "if recorded branch");
            int copy = System.Array.FindLastIndex(lines, l => l.Contains("to x"));
            Assert.True(loop > 0 && branch > loop && copy > branch, reverse);
            Assert.Contains(lines, l => l.Trim().StartsWith("propagate dy through", System.StringComparison.Ordinal) && l.Contains("restore y"));
        }
    }
}
