using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// With the recompute policy (kernels, which have no tape): a floating-point local declared inside a loop and
    /// never assigned again, whose initializer the reverse sweep can evaluate again, is declared again at the top of
    /// its block's reverse instead of being recorded on each trip.
    /// <code>
    /// before: for (int j = 0; j &lt; n; j++) { float c = x[s + j] - mean; q += c * c; }   // c's trips on a tape
    /// after:  forward:  for (int j = 0; j &lt; n; j++) { float c = x[s + j] - mean; q = q + c * c; }
    ///         reverse:  for (int j = n - 1; j &gt;= 0; j--) { float c = x[s + j] - mean; adj_c += adj_q * (c + c); … }
    /// </code>
    /// The initializer may read stable names (parameters, views the kernel never writes, integers set once, loop
    /// counters), top-level locals that already hold their final value at the declaration (FinalValueAnalysis: nothing
    /// writes them from the start of the outermost loop on, and the reverse sweep never writes a floating-point
    /// local), elements of views the kernel never writes, and other such locals, declared before it. So it has the
    /// forward's value wherever the reverse sweep reads it: C#'s scoping puts every read inside the local's block,
    /// after its declaration, and the reverse of those reads inside the reverse of that block, after the declaration
    /// made again. Stable integer locals of a nested block are declared again the same way (RecomputeStmt).
    /// </summary>
    internal sealed partial class AdjointWriter
    {
        /// <summary>The declarations of loop locals that the reverse sweep declares again (<see cref="FindRecomputedLocals"/>).</summary>
        private readonly HashSet<AssignStmt> _recomputedLocals;

        /// <summary>While a block is written: the loop locals of <see cref="_recomputedLocals"/> in scope, by name.</summary>
        private readonly Dictionary<string, AssignStmt> _recomputedInScope = new(System.StringComparer.Ordinal);

        /// <summary>The declarations whose locals the reverse sweep has read so far: their blocks' reverses declare them again.</summary>
        private readonly HashSet<AssignStmt> _recomputedReads = new(ReferenceComparer<AssignStmt>.Instance);

        /// <summary>Whether <paramref name="name"/> is, where the sweep is being written, a loop local that the reverse sweep declares again; a read of it counts.</summary>
        private bool IsRecomputedLocal(string name)
        {
            if (!_recomputedInScope.TryGetValue(name, out AssignStmt? declaration))
            {
                return false;
            }

            _recomputedReads.Add(declaration);
            return true;
        }

        /// <summary>Whether <paramref name="stmt"/> declares a loop local that the reverse sweep declares again.</summary>
        private bool DeclaresRecomputedLocal(Stmt stmt, out AssignStmt declaration)
        {
            declaration = (stmt as AssignStmt)!;
            return declaration is not null && _recomputedLocals.Contains(declaration);
        }

        /// <summary>
        /// The declarations of floating-point locals inside loops that nothing assigns again in their scope and whose
        /// initializers the reverse sweep can evaluate again, reading other such locals in scope. Empty without the
        /// recompute policy.
        /// </summary>
        private HashSet<AssignStmt> FindRecomputedLocals()
        {
            var found = new HashSet<AssignStmt>(ReferenceComparer<AssignStmt>.Instance);
            if (_finalValues is not null)
            {
                FindRecomputedLocals(_method.Body, loopDepth: 0, new Dictionary<string, bool>(System.StringComparer.Ordinal), found);
            }

            return found;
        }

        private void FindRecomputedLocals(Block block, int loopDepth, Dictionary<string, bool> inScope, HashSet<AssignStmt> found)
        {
            var declaredHere = new List<string>();
            for (int i = 0; i < block.Statements.Count; i++)
            {
                Stmt stmt = block.Statements[i];
                switch (stmt)
                {
                    case AssignStmt { Target: LocalTarget { DeclaredType: not null } local, Atomic: false } assign
                        when loopDepth > 0 && local.Kind is ScalarKind.Float or ScalarKind.Double:
                    {
                        bool again = !block.Statements.Skip(i + 1).Any(later => Assigns(later, local.Name)) && CanEvaluateAgain(assign.Value, assign, inScope);
                        if (again)
                        {
                            found.Add(assign);
                        }

                        inScope[local.Name] = again;
                        declaredHere.Add(local.Name);
                        break;
                    }

                    case IfStmt branch:
                        FindRecomputedLocals(branch.Then, loopDepth, inScope, found);
                        FindRecomputedLocals(branch.Else, loopDepth, inScope, found);
                        break;
                    case BlockStmt nested:
                        FindRecomputedLocals(nested.Body, loopDepth, inScope, found);
                        break;
                    case LoopStmt loop:
                        FindRecomputedLocals(loop.Body, loopDepth + 1, inScope, found);
                        break;
                }
            }

            foreach (string name in declaredHere)
            {
                inScope.Remove(name);
            }
        }

        /// <summary>Whether <paramref name="stmt"/>, or a statement nested in it, assigns the local <paramref name="name"/>.</summary>
        private static bool Assigns(Stmt stmt, string name)
        {
            bool found = false;
            MethodAnalyzer.Walk(new Block(new[] { stmt }.ToEquatableArray()), inner => found |= inner switch
            {
                AssignStmt { Target: LocalTarget local } => local.Name == name,
                InactiveStmt inactive => inactive.Assigned.Contains(name),
                CallStmt { Result: { } result } => result.Name == name,
                ForEachStmt each => each.Variable == name,
                _ => false,
            });
            return found;
        }

        /// <summary>
        /// Whether the reverse sweep can evaluate <paramref name="expr"/>, read at <paramref name="at"/>, again to the
        /// forward's value; <paramref name="inScope"/> says which loop locals in scope it declares again.
        /// </summary>
        private bool CanEvaluateAgain(Expr expr, Stmt at, Dictionary<string, bool> inScope)
        {
            bool Readable(string name) =>
                _stable.Contains(name)
                || (inScope.TryGetValue(name, out bool again) && again)
                || (!inScope.ContainsKey(name) && _topLevelScalars.Contains(name) && _finalValues!.IsFinalAt(name, at));

            switch (expr)
            {
                case ValueExpr value:
                    return value.Pure && value.Reads.All(name => Readable(name) || (_stable.Contains(name + ".Length") && ValueTree.ReadsOnlyLength(value.Tree, name)));
                case VarExpr variable:
                    return Readable(variable.Name);
                case ElemExpr element:
                    return _parameters.ContainsKey(element.Array) && !_writtenBuffers.Contains(element.Array) && CanEvaluateAgain(element.Index, at, inScope);
                case NegateExpr negate:
                    return CanEvaluateAgain(negate.Operand, at, inScope);
                case ConvertExpr convert:
                    return CanEvaluateAgain(convert.Operand, at, inScope);
                case BinaryExpr binary:
                    return CanEvaluateAgain(binary.Left, at, inScope) && CanEvaluateAgain(binary.Right, at, inScope);
                case IntrinsicCallExpr call:
                    return call.Args.All(a => CanEvaluateAgain(a, at, inScope));
                default:
                    return false;
            }
        }

        /// <summary>
        /// The declarations again, for the top of the reverse of a block inside a loop: those of <paramref name="declarations"/>
        /// (with their places among <paramref name="redeclarations"/>) that the reverse sweep reads, each inserted at its
        /// place, so that one that reads another comes after it. Then their locals go out of scope.
        /// </summary>
        private void InsertRecomputedLocals(List<SweepStmt> redeclarations, List<(int Place, AssignStmt Declaration)> declarations)
        {
            // Latest first: a declaration the reverse reads makes those its initializer reads needed too.
            for (int i = declarations.Count - 1; i >= 0; i--)
            {
                (int place, AssignStmt declaration) = declarations[i];
                var local = (LocalTarget)declaration.Target;
                if (_recomputedReads.Contains(declaration))
                {
                    _recomputedInScope.Remove(local.Name);
                    foreach (Expr read in ExprTree.DescendantsAndSelf(declaration.Value))
                    {
                        IEnumerable<string> names = read switch
                        {
                            VarExpr variable => new[] { variable.Name },
                            ValueExpr value => value.Reads,
                            _ => Enumerable.Empty<string>(),
                        };
                        foreach (string name in names)
                        {
                            IsRecomputedLocal(name);
                        }
                    }

                    // In the forward's form: a local the adjoint does not differentiate is assigned its expression as
                    // written there, which the tangent transform (Hessian-vector products) gives no tangent either.
                    Term again = IsActive(declaration) ? EvaluatedAgain(declaration.Value) : new PrimalTerm(declaration.Value);
                    redeclarations.Insert(place, new PrimalAssignStmt(local.Name, local.DeclaredType, again));
                }

                _recomputedInScope.Remove(local.Name);
            }
        }

        /// <summary>
        /// A binary operation over its operands' terms, exactly as C# evaluates it: a subtraction as the addition of
        /// a negation, which gives the same value.
        /// </summary>
        private static Term BinaryTermOf(BinaryExpr binary, Term left, Term right) => binary.Op switch
        {
            BinaryOp.Add => new BinaryTerm(TermOperator.Add, left, right, binary.Kind),
            BinaryOp.Subtract => new BinaryTerm(TermOperator.Add, left, new NegateTerm(right), binary.Kind),
            BinaryOp.Multiply => new BinaryTerm(TermOperator.Multiply, left, right, binary.Kind),
            BinaryOp.Divide => new BinaryTerm(TermOperator.Divide, left, right, binary.Kind),
            _ => new BinaryTerm(TermOperator.Remainder, left, right, binary.Kind),
        };

        /// <summary>The value of an expression <see cref="CanEvaluateAgain"/> accepts, as the forward sweep computes it.</summary>
        private static Term EvaluatedAgain(Expr expr)
        {
            switch (expr)
            {
                case ValueExpr value:
                    return new ValueTerm(value);
                case VarExpr variable:
                    return new NameTerm(variable.Name, variable.Kind);
                case ElemExpr element:
                    return new ElementTerm(element.Array, element.Index.Tree, element.Kind);
                case NegateExpr negate:
                    return new NegateTerm(EvaluatedAgain(negate.Operand));
                case ConvertExpr convert:
                    return new ConvertTerm(EvaluatedAgain(convert.Operand), convert.Kind);
                case BinaryExpr binary:
                    return BinaryTermOf(binary, EvaluatedAgain(binary.Left), EvaluatedAgain(binary.Right));
                case IntrinsicCallExpr call:
                    return new MathCallTerm("global::" + call.Owner, ExprPrinter.RuleName(call.Rule), call.Args.Select(EvaluatedAgain).ToEquatableArray(), call.Kind);
                default:
                    return new PrimalTerm(expr);
            }
        }
    }
}
