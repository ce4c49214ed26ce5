using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Kernel mode: which locals already hold their final value when an assignment runs. Such a local
    /// still holds the value the assignment read when the reverse sweep reaches the assignment (the
    /// reverse sweep never writes a floating-point local), so a partial over it is computed again
    /// rather than recorded; a GPU thread has no tape to record into.
    /// </summary>
    /// <remarks>
    /// Statements are numbered in program order. A local is final at statement S when every write to
    /// it comes before S's horizon: S itself, or the start of the outermost loop around S, since a
    /// loop's next trip runs its earlier statements again. Conservative: a write in a branch not taken
    /// still counts, and so, when asked for, does one inside an expression (<c>k++</c> in an index or a condition).
    /// </remarks>
    internal sealed class FinalValueAnalysis
    {
        private readonly Dictionary<string, int> _lastWrite = new(System.StringComparer.Ordinal);
        private readonly Dictionary<Stmt, int> _horizon = new(ReferenceComparer<Stmt>.Instance);
        private readonly bool _expressionWrites;
        private int _next;

        private FinalValueAnalysis(bool expressionWrites)
        {
            _expressionWrites = expressionWrites;
        }

        /// <param name="body">The lowered body.</param>
        /// <param name="expressionWrites">
        /// Whether a local that an expression assigns (<c>x[k++]</c>) counts as written there. The recompute policy, which
        /// evaluates integers again from their final values, needs it; the check of a call's arguments
        /// (<see cref="ReverseScopeCheck"/>) leaves such arguments to the lowering of calls, which refuses them.
        /// </param>
        public static FinalValueAnalysis Run(Block body, bool expressionWrites = false)
        {
            var analysis = new FinalValueAnalysis(expressionWrites);
            analysis.Visit(body, loopStart: null);
            return analysis;
        }

        /// <summary>
        /// Whether <paramref name="name"/> holds its final value when <paramref name="statement"/> (an assignment, a branch,
        /// a call, a declaration or other integer statement, or a loop, whose bounds are read at its start) runs.
        /// </summary>
        public bool IsFinalAt(string name, Stmt statement) =>
            _horizon.TryGetValue(statement, out int horizon) && (!_lastWrite.TryGetValue(name, out int last) || last < horizon);

        private void Visit(Block block, int? loopStart)
        {
            foreach (Stmt stmt in block.Statements)
            {
                int position = _next++;

                // What an expression of the statement writes (`x[k++]`, `int a = k++;`) is written here too.
                foreach (string name in _expressionWrites ? MethodAnalyzer.ExpressionWrites(stmt) : Enumerable.Empty<string>())
                {
                    _lastWrite[name] = position;
                }

                switch (stmt)
                {
                    case AssignStmt assign:
                        _horizon[assign] = loopStart ?? position;
                        if (assign.Target is LocalTarget local)
                        {
                            _lastWrite[local.Name] = position;
                        }

                        break;
                    case InactiveStmt inactive:
                        _horizon[inactive] = loopStart ?? position;
                        foreach (string name in inactive.Assigned)
                        {
                            _lastWrite[name] = position;
                        }

                        break;
                    case CallStmt call:
                        _horizon[call] = loopStart ?? position;
                        if (call.Result is { } result)
                        {
                            _lastWrite[result.Name] = position;
                        }

                        break;
                    case IfStmt branch:
                        _horizon[branch] = loopStart ?? position;
                        Visit(branch.Then, loopStart);
                        Visit(branch.Else, loopStart);
                        break;
                    case BlockStmt nested:
                        Visit(nested.Body, loopStart);
                        break;
                    case LoopStmt loop:
                        _horizon[loop] = loopStart ?? position;
                        int start = loopStart ?? position;
                        Visit(new Block(loop.Init), loopStart);
                        Visit(new Block(loop.Step), start);
                        Visit(loop.Body, start);
                        break;
                    case ForEachStmt each:
                        _lastWrite[each.Variable] = position;
                        Visit(each.Body, loopStart ?? position);
                        break;
                }
            }
        }
    }
}
