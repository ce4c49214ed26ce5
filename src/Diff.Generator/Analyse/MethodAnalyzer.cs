using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Lowering;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Phase 3: resolves calls against [DerivativeOf] registrations, lowers early exits and
    /// conditionals, and runs activity and stability analysis.
    /// </summary>
    internal static class MethodAnalyzer
    {
        /// <param name="diagnosticsOnly">Stop after the analysis as written, whose diagnostics are the method's (the analyzer needs no more).</param>
        public static Result<AnalysedMethod> Analyse(MethodModel method, ImmutableArray<DerivativeRegistration> registrations, bool diagnosticsOnly = false)
        {
            // The diagnostics are always those of the method as written, calls and all: the analyzer and the generator
            // agree on them, and an error is never reported inside a helper's inlined body. The helpers are inlined
            // where that analysis succeeds, and only where the inlined method analyses without errors too.
            Result<AnalysedMethod> asWritten = AnalyseOnce(method, registrations, inline: false)!;
            if (diagnosticsOnly || asWritten.HasErrors || !HasInlineCandidates(method.Body))
            {
                return asWritten;
            }

            Result<AnalysedMethod>? inlined = AnalyseOnce(method, registrations, inline: true);
            return inlined is null || inlined.HasErrors ? asWritten : inlined with { Diagnostics = asWritten.Diagnostics };
        }

        private static bool HasInlineCandidates(Block body)
        {
            bool any = false;
            Walk(body, stmt => any |= OpaquePartsAndCalls(stmt).Any(e => ExprTree.DescendantsAndSelf(e).OfType<UserCallExpr>().Any(c => c.Inline is not null)));
            return any;
        }

        private static IEnumerable<Expr> OpaquePartsAndCalls(Stmt stmt) => stmt switch
        {
            AssignStmt assign => new[] { assign.Value },
            ReturnStmt { Value: { } value } => new[] { value },
            CallStmt call => new Expr[] { call.Call },
            _ => System.Array.Empty<Expr>(),
        };

        /// <summary>The analysis with or without inlining; null when inlining turned out not to mean what the calls meant.</summary>
        private static Result<AnalysedMethod>? AnalyseOnce(MethodModel method, ImmutableArray<DerivativeRegistration> registrations, bool inline)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var names = new NameSource(method.Identifiers.Concat(method.Parameters.Select(p => SymbolAdjoint(p))));
            var lookup = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (DerivativeRegistration registration in registrations)
            {
                lookup[registration.TargetKey] = registration.AdjointMethod;
            }

            // Each rule can expose work for the others (an argument hoisted into a local may hold a
            // conditional or a call that writes buffers), so they run until the body stops changing.
            Block body = method.Body;
            var mustStayConstant = new HashSet<string>(System.StringComparer.Ordinal);
            for (int pass = 0; pass < 8; pass++)
            {
                Block before = body;
                body = new ConditionalLowering(names, diagnostics, deferBehindWritingCalls: true).Rewrite(body);
                body = new CallResultLowering(names, diagnostics, forInlining: inline).Rewrite(body);

                // An inlined body may hold calls of its own, which the next pass moves out and inlines in turn; the last
                // passes only lower what the earlier ones exposed.
                if (inline && pass < 5)
                {
                    var inliner = new InlineLowering(names, lookup, method, body);
                    body = inliner.Rewrite(body);
                    mustStayConstant.UnionWith(inliner.MustStayConstant);
                }

                body = new CallArgumentLowering(names, diagnostics).Rewrite(body);
                if (body.Equals(before))
                {
                    break;
                }
            }

            // Whatever conditional is still left could not wait for its call to move: refused here.
            body = new ConditionalLowering(names, diagnostics).Rewrite(body);

            var exits = new EarlyExitLowering(names, method.ReturnKind);
            body = exits.Lower(body);

            // Without a tape, a running maximum's choices cannot be recorded: the loop finds its last pick instead. With one,
            // a running choice written as a branch does so too, so as to record one choice rather than one per trip.
            body = new RunningExtremumLowering(names, recordsPartials: !method.RecomputesPartials).Rewrite(body);

            HashSet<string> active = ActivityAnalysis.Run(method, body);
            if (mustStayConstant.Overlaps(active))
            {
                // A helper's [NoDiff] parameter was given a value the caller differentiates: the call ignores that
                // dependence, and the inlined body would not.
                return null;
            }

            body = new CallResolution(lookup, active, diagnostics).Rewrite(body);

            var writtenBuffers = new HashSet<string>(System.StringComparer.Ordinal);
            var assignedCounts = new Dictionary<string, int>(System.StringComparer.Ordinal);
            var declarations = new Dictionary<string, InactiveStmt>(System.StringComparer.Ordinal);
            var declarationCounts = new Dictionary<string, int>(System.StringComparer.Ordinal);
            var countedLoops = new List<CountedLoop>();
            bool resultActive = false;
            Walk(body, stmt =>
            {
                // A [NoDiff] buffer a call may write, in a statement or inside an expression: what was read from it
                // before the call is not what it holds after, so the reverse sweep does not read it again.
                foreach (UserCallExpr call in OpaquePartsAndCalls(stmt).SelectMany(e => ExprTree.DescendantsAndSelf(e).OfType<UserCallExpr>()))
                {
                    foreach (CallArg arg in call.Args)
                    {
                        if (arg is { Role: ArgRole.Constant, CalleeWrites: true, Value: ValueExpr { Tree: NameValue { Type.Kind: IrTypeKind.Buffer } constantBuffer } })
                        {
                            writtenBuffers.Add(constantBuffer.Name);
                        }
                        else if (arg is { Role: ArgRole.Constant, CalleeWrites: true, Value: ValueExpr { Tree: NameValue { Type.Name: var typeName } indexBuffer } }
                                 && (typeName.EndsWith("[]", System.StringComparison.Ordinal) || typeName.StartsWith("System.Span<", System.StringComparison.Ordinal)))
                        {
                            // An int buffer (an index list) a callee may write: its elements, read before the call by this
                            // method or by a helper inlined into it, hold something else after it, so the buffer is not
                            // stable and what the reverse sweep needs of it is recorded.
                            Count(assignedCounts, indexBuffer.Name);
                            Count(assignedCounts, indexBuffer.Name);
                        }
                    }
                }

                // Integers assigned inside an expression (`Step(i++, u)`, `while (k-- > 0)`) are written too,
                // and never count as assigned once: the expression may run again.
                foreach (ValueExpr opaque in OpaqueParts(stmt))
                {
                    foreach (string written in opaque.Writes)
                    {
                        Count(assignedCounts, written);
                        Count(assignedCounts, written);
                    }
                }

                switch (stmt)
                {
                    case AssignStmt { Target: ElemTarget element }:
                        writtenBuffers.Add(element.Array);
                        break;
                    case AssignStmt { Target: LocalTarget local }:
                        Count(assignedCounts, local.Name);
                        break;
                    case AssignStmt { Target: ResultTarget } assign:
                        resultActive |= ActivityAnalysis.IsActive(assign.Value, active);
                        break;
                    case CallStmt call:
                        if (call.Result is not null)
                        {
                            Count(assignedCounts, call.Result.Name);
                        }

                        foreach (CallArg arg in call.Call.Args)
                        {
                            if (arg.BufferName is not null && arg.CalleeWrites)
                            {
                                writtenBuffers.Add(arg.BufferName);
                            }
                        }

                        break;
                    case InactiveStmt inactive:
                        foreach (string written in inactive.Declarators.Where(d => d.Initializer is not null).SelectMany(d => ValueTree.Writes(d.Initializer!)))
                        {
                            Count(assignedCounts, written);
                            Count(assignedCounts, written);
                        }

                        foreach (string name in inactive.Assigned)
                        {
                            Count(assignedCounts, name);
                            if (inactive.Declares)
                            {
                                declarations[name] = inactive;
                                Count(declarationCounts, name);
                            }
                        }

                        break;
                    case LoopStmt { Counted: { } counted }:
                        countedLoops.Add(counted);
                        break;
                }
            });

            // A method that already has an error gets no extra warning about its result.
            if (method.ReturnKind != ScalarKind.Void && !resultActive && diagnostics.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ResultIsConstant, method.Location, method.Name));
            }

            // A local array created outside every loop keeps its length for the whole call.
            IEnumerable<string> stableLengths = body.Statements.OfType<ArrayDeclStmt>().Select(a => a.Name + ".Length");
            // A counted loop's variable is re-created by its reverse loop; a local of the same name declared
            // anywhere else (another loop that is not counted) is another variable, and not stable.
            var sharedNames = new HashSet<string>(
                countedLoops.Select(l => l.Var).Distinct().Where(n => declarationCounts.TryGetValue(n, out int declared) && declared > countedLoops.Count(l => l.Var == n)),
                System.StringComparer.Ordinal);
            // Without a tape, the reverse sweep also reads integers where they hold their final value.
            RecomputeFacts? recompute = method.RecomputesPartials ? new RecomputeFacts(method, body, FinalValueAnalysis.Run(body, expressionWrites: true)) : null;
            HashSet<string> stable = StabilityAnalysis.Run(method, assignedCounts, declarations, countedLoops.Where(l => !sharedNames.Contains(l.Var)).ToList(), writtenBuffers, stableLengths, recompute);
            ReverseScopeCheck.Run(body, stable, active, diagnostics);
            var analysed = new AnalysedMethod(
                // The lowered method declares the names lowering introduced: later phases draw fresh
                // names from the same set, so no two schemes can hand out the same local.
                method with { Body = body, Identifiers = names.Taken },
                exits.Flags.ToEquatableArray(),
                active.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
                stable.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
                writtenBuffers.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
                IntegerInversion.Find(body, declarations).Where(n => !stable.Contains(n)).OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
                RestorationAnalysis.Run(body, active, loopLocals: !method.RecomputesPartials && method.Kernel is null).OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray());
            return new Result<AnalysedMethod>(analysed, diagnostics.ToEquatableArray());
        }

        private static string SymbolAdjoint(ParamModel parameter) => Parse.SymbolFacts.AdjointName(parameter.Name);

        private static void Count(Dictionary<string, int> counts, string name) =>
            counts[name] = counts.TryGetValue(name, out int count) ? count + 1 : 1;

        /// <summary>The verbatim expressions a statement evaluates itself (not those of nested statements).</summary>
        private static IEnumerable<ValueExpr> OpaqueParts(Stmt stmt)
        {
            IEnumerable<Expr> roots = stmt switch
            {
                AssignStmt assign => assign.Target is ElemTarget element ? new Expr[] { assign.Value, element.Index } : new[] { assign.Value },
                ReturnStmt { Value: { } value } => new[] { value },
                CallStmt call => new Expr[] { call.Call },
                IfStmt branch => new Expr[] { branch.Condition },
                LoopStmt { Condition: { } condition } => new Expr[] { condition },
                ArrayDeclStmt array => new Expr[] { array.Length },
                _ => System.Array.Empty<Expr>(),
            };
            foreach (Expr root in roots)
            {
                foreach (ValueExpr opaque in Opaques(root))
                {
                    yield return opaque;
                }
            }
        }

        private static IEnumerable<ValueExpr> Opaques(Expr expr) => ExprTree.DescendantsAndSelf(expr).OfType<ValueExpr>();

        /// <summary>
        /// The locals that the expressions a statement evaluates itself (not those of nested statements) assign: <c>k</c>
        /// in <c>x[k++] = …</c>, <c>if (k++ % 3 == 0)</c>, <c>return s + k++;</c> and <c>int e = k++;</c>.
        /// </summary>
        internal static IEnumerable<string> ExpressionWrites(Stmt stmt)
        {
            foreach (ValueExpr opaque in OpaqueParts(stmt))
            {
                foreach (string name in opaque.Writes)
                {
                    yield return name;
                }
            }

            if (stmt is InactiveStmt { Declares: true } declaration)
            {
                foreach (Declarator variable in declaration.Declarators)
                {
                    if (variable.Initializer is { } initializer)
                    {
                        foreach (string name in ValueTree.Writes(initializer))
                        {
                            yield return name;
                        }
                    }
                }
            }
        }

        /// <summary>Visits every statement, nested ones included, in source order.</summary>
        public static void Walk(Block block, System.Action<Stmt> visit)
        {
            foreach (Stmt stmt in block.Statements)
            {
                visit(stmt);
                switch (stmt)
                {
                    case IfStmt branch:
                        Walk(branch.Then, visit);
                        Walk(branch.Else, visit);
                        break;
                    case BlockStmt nested:
                        Walk(nested.Body, visit);
                        break;
                    case LoopStmt loop:
                        Walk(new Block(loop.Init), visit);
                        Walk(new Block(loop.Step), visit);
                        Walk(loop.Body, visit);
                        break;
                }
            }
        }
    }
}
