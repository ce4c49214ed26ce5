using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Integer counters such as <c>int li = c * size + d; … li++;</c> are exactly invertible, so the
    /// reverse sweep runs <c>li--</c> where the forward sweep ran <c>li++</c> and reads <c>li</c> in index
    /// expressions instead of recording every index. Only the counter's final value in each instance of
    /// its block is recorded.
    /// </summary>
    internal static class IntegerInversion
    {
        /// <summary>
        /// The inverse of a counter update (<c>li++;</c> → <c>li--;</c>, <c>li += 3;</c> →
        /// <c>li -= 3;</c>), or null when the statement is not one: an <c>int</c> local stepped by
        /// <c>++</c>, <c>--</c>, or <c>+=</c>/<c>-=</c> of an integer literal.
        /// </summary>
        public static string? Inverse(InactiveStmt statement, string name)
        {
            if (statement.Effect is not UpdateValue update || update.Name != name)
            {
                return null;
            }

            UpdateValue? inverse = update switch
            {
                { Operator: UpdateOperator.Increment } => update with { Operator = UpdateOperator.Decrement },
                { Operator: UpdateOperator.Decrement } => update with { Operator = UpdateOperator.Increment },
                { Operator: UpdateOperator.Add, Operand: ConstantValue { IsLiteral: true, Type.Kind: IrTypeKind.Int32 } } => update with { Operator = UpdateOperator.Subtract },
                { Operator: UpdateOperator.Subtract, Operand: ConstantValue { IsLiteral: true, Type.Kind: IrTypeKind.Int32 } } => update with { Operator = UpdateOperator.Add },
                _ => null,
            };
            return inverse is null ? null : ValuePrinter.Print(inverse) + ";";
        }

        /// <summary>Integer locals declared once and otherwise only incremented or decremented by constants.</summary>
        public static HashSet<string> Find(Block body, Dictionary<string, InactiveStmt> declarations)
        {
            var updates = new Dictionary<string, List<InactiveStmt>>(System.StringComparer.Ordinal);
            var disqualified = new HashSet<string>(System.StringComparer.Ordinal);
            MethodAnalyzer.Walk(body, stmt =>
            {
                // A counter stepped inside an expression (`x[k++] = …`, `if (k++ % 3 == 0)`, `int e = k++;`) is stepped
                // where the reverse sweep does not undo it: it is not inverted.
                disqualified.UnionWith(MethodAnalyzer.ExpressionWrites(stmt));
                switch (stmt)
                {
                    case InactiveStmt { Declares: false } inactive:
                        foreach (string name in inactive.Assigned)
                        {
                            if (!updates.TryGetValue(name, out List<InactiveStmt>? list))
                            {
                                updates[name] = list = new List<InactiveStmt>();
                            }

                            list.Add(inactive);
                        }

                        break;
                    case LoopStmt { Counted: { } counted }:
                        disqualified.Add(counted.Var);
                        break;
                }
            });

            var result = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (KeyValuePair<string, List<InactiveStmt>> entry in updates)
            {
                if (disqualified.Contains(entry.Key)
                    || !declarations.TryGetValue(entry.Key, out InactiveStmt? declaration)
                    || declaration.Assigned.Count != 1
                    || declaration.DeclaredType?.Kind != IrTypeKind.Int32)
                {
                    continue;
                }

                if (entry.Value.All(update => update.Assigned.Count == 1 && Inverse(update, entry.Key) is not null))
                {
                    result.Add(entry.Key);
                }
            }

            return result;
        }
    }
}
