using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// A shared-memory array of an explicitly grouped kernel and its adjoint. Every increment of the adjoint is at
    /// the thread's group index plus a constant; each distinct index gets a copy of the adjoint in shared memory
    /// (<see cref="Copies"/>), in which no two threads of the group add into one element, so no atomics are
    /// needed. The writer of an element takes the sum of the copies there.
    /// </summary>
    internal sealed record SharedArrayPlan(string Array, string Adjoint, ScalarKind Element, string Length, EquatableArray<SharedAdjointCopy> Copies);

    /// <summary>The copy <paramref name="Name"/> of a shared array's adjoint that receives the increments at <paramref name="Index"/> (as printed).</summary>
    internal sealed record SharedAdjointCopy(string Index, string Name);

    internal static partial class KernelTransform
    {
        /// <summary>The ways the group's position is read: the thread's index within its group.</summary>
        private static readonly string[] GroupIndexForms =
        {
            "Group.IdxX", "ILGPU.Group.IdxX", "global::ILGPU.Group.IdxX", "Group.Index.X", "ILGPU.Group.Index.X", "global::ILGPU.Group.Index.X",
        };

        private const string SharedWayOut =
            "; register the kernel's backward with [DerivativeOf] instead (a static void method taking an Accelerator, the KernelConfig, the kernel's parameters, "
            + "then an ArrayView adjoint per differentiable view and scalar)";

        /// <summary>
        /// The plan for a kernel's shared-memory arrays, and what prevents one. The body's top-level barriers cut it
        /// into phases. A shared array is differentiated when one phase writes it and only later phases read it: its
        /// values then stay as written until the reverse sweep reads them again, and the reverse of the writing phase
        /// runs after every reader's increments (a barrier apart). The increments must be at the thread's group index
        /// plus a constant, so that each copy of the adjoint receives at most one thread's increments per element.
        /// </summary>
        private static EquatableArray<SharedArrayPlan> PlanSharedMemory(AnalysedMethod analysed, ScalarAdjointMethod adjoint, List<KernelRefusal> refusals)
        {
            MethodModel method = analysed.Method;
            var declarations = method.Body.Statements.OfType<ArrayDeclStmt>().Where(a => a.SharedMemory).ToList();
            if (declarations.Count == 0)
            {
                return EquatableArray<SharedArrayPlan>.Empty;
            }

            var names = new HashSet<string>(declarations.Select(d => d.Name), System.StringComparer.Ordinal);
            var writtenIn = names.ToDictionary(n => n, _ => new SortedSet<int>(), System.StringComparer.Ordinal);
            var readIn = names.ToDictionary(n => n, _ => new SortedSet<int>(), System.StringComparer.Ordinal);
            var firstMention = new Dictionary<(string, int, bool), Stmt>();
            int phase = 0;
            foreach (Stmt statement in method.Body.Statements)
            {
                if (statement is InactiveStmt { Barrier: true })
                {
                    phase++;
                    continue;
                }

                int current = phase;
                Walk(new Block(new[] { statement }.ToEquatableArray()), inLoop: false, (stmt, _) =>
                {
                    foreach ((string name, bool write) in SharedAccesses(stmt, names))
                    {
                        (write ? writtenIn : readIn)[name].Add(current);
                        if (!firstMention.ContainsKey((name, current, write)))
                        {
                            firstMention[(name, current, write)] = stmt;
                        }
                    }
                });
            }

            foreach (ArrayDeclStmt declaration in declarations)
            {
                string name = declaration.Name;
                SortedSet<int> writes = writtenIn[name];
                SortedSet<int> reads = readIn[name];
                if (writes.Count != 1 || reads.Any(r => r <= writes.Min))
                {
                    (int at, bool write) = writes.Count > 1 ? (writes.ElementAt(1), true) : (reads.Where(r => writes.Count == 0 || r <= writes.Min).DefaultIfEmpty(0).First(), false);
                    Stmt offending = firstMention.TryGetValue((name, at, write), out Stmt? found) ? found : declaration;
                    string what = writes.Count == 0 ? "is never written"
                        : writes.Count > 1 ? "is written in more than one phase (between barriers)"
                        : "is read in the phase that writes it, or before";
                    refusals.Add(new KernelRefusal(
                        $"the shared array '{name}' {what}: the adjoint kernel differentiates a shared array that one phase writes and later phases only read, after a Group.Barrier(), so that its values are still there for the reverse sweep" + SharedWayOut,
                        offending.LineOffset,
                        SourceOf(offending)));
                }
            }

            var groupIndices = new HashSet<string>(GroupIndexForms, System.StringComparer.Ordinal);
            var stable = new HashSet<string>(analysed.Stable, System.StringComparer.Ordinal);
            foreach (InactiveStmt declaration in method.Body.Statements.OfType<InactiveStmt>().Where(d => d.Declares && d.DeclaredType?.Name == "int"))
            {
                foreach (Declarator variable in declaration.Declarators)
                {
                    if (variable.Initializer is { } initializer && stable.Contains(variable.Name) && groupIndices.Contains(ValuePrinter.Print(initializer)))
                    {
                        groupIndices.Add(variable.Name);
                    }
                }
            }

            var plans = new List<SharedArrayPlan>();
            var taken = new HashSet<string>(method.Identifiers.Concat(method.Parameters.Select(p => p.Name)), System.StringComparer.Ordinal);
            foreach (ArrayDeclStmt declaration in declarations)
            {
                string? adjointName = AdjointOfLocalArray(adjoint, declaration.Name);
                if (adjointName is null)
                {
                    // Not active: the array is staged as written and needs no adjoint.
                    plans.Add(new SharedArrayPlan(declaration.Name, string.Empty, declaration.Element, ValuePrinter.Print(declaration.Length.Tree), EquatableArray<SharedAdjointCopy>.Empty));
                    continue;
                }

                var indices = new List<(string Index, int Line, string Source)>();
                CollectIncrements(adjoint.Reverse.Body, adjointName, -1, string.Empty, indices);
                var copies = new List<SharedAdjointCopy>();
                foreach ((string index, int line, string source) in indices)
                {
                    if (copies.Any(c => c.Index == index))
                    {
                        continue;
                    }

                    if (!groupIndices.Any(g => OffsetOf(index, g) is not null))
                    {
                        refusals.Add(new KernelRefusal(
                            $"the reverse sweep adds into the adjoint of the shared array '{declaration.Name}' at [{index}], where other threads of the group may add too, so it would need atomics inside the group. "
                            + "A differentiated kernel reads a shared array at the thread's group index plus a constant (Group.IdxX + c, or a local set to Group.IdxX)" + SharedWayOut,
                            line,
                            source));
                        continue;
                    }

                    string copy = adjointName + "_" + copies.Count;
                    while (!taken.Add(copy))
                    {
                        copy = "_" + copy;
                    }

                    copies.Add(new SharedAdjointCopy(index, copy));
                }

                plans.Add(new SharedArrayPlan(declaration.Name, adjointName, declaration.Element, ValuePrinter.Print(declaration.Length.Tree), copies.ToEquatableArray()));
            }

            return plans.ToEquatableArray();
        }

        /// <summary>The shared arrays a statement (not the ones nested in it) writes or reads.</summary>
        private static IEnumerable<(string Name, bool Write)> SharedAccesses(Stmt statement, HashSet<string> names)
        {
            IEnumerable<Expr> expressions = statement switch
            {
                AssignStmt assign => new[] { assign.Value }.Concat(assign.Target is ElemTarget target ? new Expr[] { target.Index } : System.Array.Empty<Expr>()),
                IfStmt branch => new Expr[] { branch.Condition },
                LoopStmt { Condition: { } condition } => new Expr[] { condition },
                ReturnStmt { Value: { } value } => new[] { value },
                _ => System.Array.Empty<Expr>(),
            };

            if (statement is AssignStmt { Target: ElemTarget written } && names.Contains(written.Array))
            {
                yield return (written.Array, true);
            }

            foreach (Expr expression in expressions)
            {
                foreach (Expr part in ExprTree.DescendantsAndSelf(expression))
                {
                    if (part is ElemExpr element && names.Contains(element.Array))
                    {
                        yield return (element.Array, false);
                    }

                    if (part is ValueExpr value)
                    {
                        foreach (string read in value.Reads.Where(names.Contains))
                        {
                            yield return (read, false);
                        }
                    }
                }
            }

            if (statement is InactiveStmt inactive)
            {
                foreach (string read in inactive.Reads.Where(names.Contains))
                {
                    yield return (read, false);
                }
            }
        }

        /// <summary>The adjoint the reverse sweep gives a local array: the name its allocation declares, or null when it has none.</summary>
        private static string? AdjointOfLocalArray(ScalarAdjointMethod adjoint, string array) =>
            adjoint.Forward.OfType<AllocateAdjointStmt>().FirstOrDefault(a => a.Length is LengthValue { Buffer: var buffer } && buffer == array)?.Adjoint;

        /// <summary>The printed indices at which the reverse sweep adds into <paramref name="adjoint"/>, with the statement of each.</summary>
        private static void CollectIncrements(EquatableArray<SweepStmt> statements, string adjoint, int lineOffset, string source, List<(string, int, string)> indices)
        {
            int line = lineOffset;
            foreach (SweepStmt statement in statements)
            {
                line = statement.LineOffset >= 0 ? statement.LineOffset : line;
                source = statement is CommentStmt comment ? comment.Text : source;
                if (statement is IncrementStmt { Target: { Index: { } index } target } && target.Name == adjoint)
                {
                    indices.Add((ValuePrinter.Print(index), line, source));
                }

                foreach (EquatableArray<SweepStmt> nested in Children(statement))
                {
                    CollectIncrements(nested, adjoint, line, source, indices);
                }
            }
        }

        private static string SourceOf(Stmt statement) => statement switch
        {
            AssignStmt assign => assign.Source,
            ArrayDeclStmt array => array.Source,
            _ => string.Empty,
        };
    }
}
