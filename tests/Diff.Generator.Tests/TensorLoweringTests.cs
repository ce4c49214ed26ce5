using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
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

        private static IEnumerable<Stmt> All(Block block) => All(block.Statements);

        private static IEnumerable<Stmt> All(IEnumerable<Stmt> statements)
        {
            foreach (Stmt statement in statements)
            {
                yield return statement;
                IEnumerable<Stmt> inner = statement switch
                {
                    IfStmt branch => branch.Then.Statements.Concat(branch.Else.Statements),
                    LoopStmt loop => loop.Init.Concat(loop.Body.Statements).Concat(loop.Step),
                    ForEachStmt loop => loop.Body.Statements,
                    BlockStmt nested => nested.Body.Statements,
                    _ => Enumerable.Empty<Stmt>(),
                };
                foreach (Stmt nested in All(inner))
                {
                    yield return nested;
                }
            }
        }

        [Fact]
        public void Statements_without_a_derivative_are_value_trees()
        {
            TensorMethodModel parsed = Parse(
                "[Differentiable] static Tensor F(Tensor x, int n) { Tensor y = x; int k = 0; "
                + "for (int i = 0; i < n; i++) { if (k > 3) break; k += 2; y = y * x; } "
                + "if (n < 0) throw new ArgumentException(nameof(n)); GC.KeepAlive(x); return y.Sum(); }");

            // The binder keeps the break and the return; the shared lowering makes them a flag and an assignment.
            Assert.Single(All(parsed.Body).OfType<BreakStmt>());
            Assert.Single(All(parsed.Body).OfType<ReturnStmt>());
            TensorMethodModel method = TensorMethodAnalyzer.Analyse(parsed);
            Assert.Empty(All(method.Body).OfType<BreakStmt>());
            Assert.Empty(All(method.Body).OfType<ReturnStmt>());
            Assert.Single(All(method.Body).OfType<AssignStmt>(), a => a.Target is ResultTarget);
            InactiveStmt[] plain = All(method.Body).OfType<InactiveStmt>().ToArray();

            // The break flag: set false before the loop and true by the break, as bool constants, and a
            // hoisted local that is saved when overwritten.
            InactiveStmt[] flags = plain.Where(p => p.Effect is UpdateValue { Operator: UpdateOperator.Assign, Operand: ConstantValue { Type.Kind: IrTypeKind.Bool } }).ToArray();
            Assert.Equal(2, flags.Length);
            Assert.All(flags, f => Assert.Equal(((UpdateValue)f.Effect!).Name, Assert.Single(f.Assigned)));
            TensorLocal flag = Assert.Single(method.Locals, l => l.Name == Assert.Single(flags[0].Assigned));
            Assert.Equal(SavedAs.Boolean, flag.Saved);
            Assert.True(flag.SavedOnWrite);

            InactiveStmt add = Assert.Single(plain, p => p.Effect is UpdateValue { Operator: UpdateOperator.Add });
            Assert.Equal("k += 2;", add.Code);
            Assert.Equal(new[] { "k" }, add.Assigned.ToArray());
            InactiveStmt increment = Assert.Single(plain, p => p.Effect is UpdateValue { Operator: UpdateOperator.Increment });
            Assert.Equal("i++;", increment.Code);

            InactiveStmt thrown = Assert.Single(plain, p => p.Code.StartsWith("throw", System.StringComparison.Ordinal));
            Assert.Equal("throw new ArgumentException(nameof(n));", thrown.Code);
            InactiveStmt call = Assert.Single(plain, p => p.Effect is HostValue);
            Assert.Empty(call.Assigned);

            // `int k = 0;` is an assignment of a hoisted local from a constant value.
            Assert.Contains(plain, s => s.Effect is UpdateValue { Name: "k", Operator: UpdateOperator.Assign, Operand: ConstantValue { Text: "0" } });
            Assert.IsType<BinaryValue>(Assert.Single(All(method.Body).OfType<LoopStmt>()).Condition!.Tree);
        }

        [Fact]
        public void Constant_operands_are_values_printed_with_the_parentheses_they_need()
        {
            TensorMethodModel method = Parse("[Differentiable] static Tensor F(Tensor x, float a, float b) => (x * (a + b) - -a).Sum();");
            TensorOpExpr[] ops = All(method.Body).OfType<AssignStmt>().Select(s => s.Value).OfType<TensorOpExpr>().ToArray();
            TensorOpExpr multiply = Assert.Single(ops, o => o.Args.Count == 2 && o.Args[1].Value is BinaryValue);
            Assert.Equal("x * (a + b)", multiply.ForwardCode);
            Assert.Equal("a + b", multiply.Args[1].Code);
            Assert.Equal("x", Assert.IsType<NameValue>(multiply.Args[0].Value).Name);
            TensorOpExpr subtract = Assert.Single(ops, o => o.Args.Count == 2 && o.Args[1].Value is UnaryValue);
            Assert.EndsWith(" - -a", subtract.ForwardCode);
        }

        [Fact]
        public void A_foreach_collection_is_a_value()
        {
            TensorMethodModel method = Parse("[Differentiable] static Tensor F(Tensor x, int[] steps) { Tensor y = x; foreach (int s in steps) { y = y * x; } return y.Sum(); }");
            ForEachStmt loop = Assert.Single(All(method.Body).OfType<ForEachStmt>());
            Assert.Equal("steps", Assert.IsType<NameValue>(loop.Collection.Tree).Name);
        }

        [Fact]
        public void Reverse_sweep_is_IR_that_replays_branches_and_loops_last_to_first()
        {
            TensorMethodModel method = Parse(
                "[Differentiable] static Tensor F(Tensor x, int n) { Tensor y = x; "
                + "for (int i = 0; i < n; i++) { if (i % 2 == 0) y = y * x; else y = y.Relu(); } return y.Sum(); }");
            string reverse = IrPrinter.Print(Differentiate.TensorReverseTransform.Transform(TensorMethodAnalyzer.Analyse(method)));

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
