using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// Reverse mode in lanes (vector reverse mode): the adjoint of a void method whose adjoints each carry
    /// several seeds at once, one per lane of a <c>TangentLanes</c>. <c>MJacobian</c> seeds one output row per
    /// lane, so that a single forward sweep and a single reverse sweep give up to eight rows, where the plain
    /// pullback runs both sweeps once per row.
    /// </summary>
    /// <remarks>
    /// The reverse sweep is linear in the adjoints: every step takes an adjoint, scales it by partials the forward
    /// sweep computed, and adds it to others. So the same IR runs with a wider number type for the adjoints alone,
    /// and this transform only widens the adjoint locals and arrays. It refuses what is not linear in one adjoint
    /// at a time: a callee's pullback or gradient (its adjoints would need lanes of their own), a vector partial,
    /// and a mix of float and double adjoints (the lanes are double).
    /// </remarks>
    internal static class ReverseLanesTransform
    {
        /// <summary>The adjoint with lanes for adjoints, or why it cannot have them.</summary>
        public static (ScalarAdjointMethod? Method, string? Failure) Rewrite(ScalarAdjointMethod adjoint, string lanesType)
        {
            if (adjoint.Reverse.ResultKind != ScalarKind.Void)
            {
                return (null, "it returns a value");
            }

            var widened = new Widening(lanesType, StackedAdjointArrays.Find(adjoint));
            var locals = widened.All(adjoint.Locals);
            var forward = widened.All(adjoint.Forward);
            var body = widened.All(adjoint.Reverse.Body);
            var epilogue = widened.All(adjoint.Reverse.Epilogue);
            return widened.Failure is { } failure
                ? (null, failure)
                : (new ScalarAdjointMethod(locals, forward, adjoint.Reverse with { Body = body, Epilogue = epilogue }), null);
        }

        private sealed class Widening
        {
            private readonly string _lanes;
            private readonly Dictionary<string, int> _stacked;

            /// <summary>The names that hold lanes: the seeds taken from adjoints, and the adjoint locals.</summary>
            private readonly HashSet<string> _lanesNames = new();

            public Widening(string lanes, Dictionary<string, int> stacked)
            {
                _lanes = lanes;
                _stacked = stacked;
            }

            public string? Failure { get; private set; }

            public EquatableArray<SweepStmt> All(EquatableArray<SweepStmt> steps) => steps.Select(One).ToEquatableArray();

            private SweepStmt One(SweepStmt step)
            {
                switch (step)
                {
                    case DeclareStmt { IsAdjoint: true } declare:
                        _lanesNames.Add(declare.Name);
                        return declare.Type switch
                        {
                            "double" => declare with { Type = _lanes, Initializer = "default" },
                            "double[]" when _stacked.TryGetValue(declare.Name, out int length) =>
                                declare with { Type = $"global::System.Span<{_lanes}>", Initializer = $"stackalloc {_lanes}[{length}]" },
                            "double[]" => declare with { Type = _lanes + "[]", Initializer = $"global::System.Array.Empty<{_lanes}>()" },
                            _ => Refuse(step, "an adjoint of type " + declare.Type),
                        };
                    case AllocateAdjointStmt allocate:
                        return allocate.Element == ScalarKind.Double
                            ? allocate with { ElementType = _lanes, OnStack = _stacked.ContainsKey(allocate.Adjoint) }
                            : Refuse(step, "a float array's adjoint");
                    case IncrementStmt { Cast: not null }:
                        return Refuse(step, "a float value's adjoint");
                    case TakeAdjointStmt take:
                        _lanesNames.Add(take.Seed);
                        return step;
                    case IncrementStmt increment when ScaledSeed(increment.Term) is ({ } seed, { } scale):
                        return increment with { LanesSeed = seed, LanesScale = scale };
                    case PullbackStmt or GradientCallStmt or AllocateVectorStmt or VectorIncrementStmt or DeclarePartialStmt:
                        return Refuse(step, "a call of a [Differentiable] method");
                    case PrimalCallStmt { RecordCallCode: not null }:
                        return Refuse(step, "a call of a [Differentiable] method");
                    default:
                        return SweepBodies.Map(step, All);
                }
            }

            /// <summary>
            /// The seed and the numbers it is multiplied by, when <paramref name="term"/> is a product (or its negation) with exactly one
            /// factor in lanes, a seed, and at least one other: <c>adj += seed * s</c> is then one fused multiply-add per lane.
            /// </summary>
            private (string? Seed, Term? Scale) ScaledSeed(Term term)
            {
                var factors = new List<Term>();
                bool negated = false;
                Flatten(term);
                string? seed = null;
                Term? scale = null;
                foreach (Term factor in factors)
                {
                    if (factor is NameTerm name && _lanesNames.Contains(name.Name))
                    {
                        if (seed is not null)
                        {
                            return (null, null);
                        }

                        seed = name.Name;
                    }
                    else if (Terms.Leaves(factor).Any(leaf => leaf is NameTerm inner ? _lanesNames.Contains(inner.Name) : leaf is ElementTerm element && _lanesNames.Contains(element.Buffer)))
                    {
                        return (null, null);
                    }
                    else
                    {
                        scale = scale is null ? factor : Terms.Multiply(scale, factor);
                    }
                }

                return seed is null || scale is null ? (null, null) : (seed, negated ? Terms.Negate(scale) : scale);

                void Flatten(Term part)
                {
                    switch (part)
                    {
                        case NegateTerm negate:
                            negated = !negated;
                            Flatten(negate.Operand);
                            break;
                        case BinaryTerm { Operator: TermOperator.Multiply } product:
                            Flatten(product.Left);
                            Flatten(product.Right);
                            break;
                        default:
                            factors.Add(part);
                            break;
                    }
                }
            }

            private SweepStmt Refuse(SweepStmt step, string reason)
            {
                Failure ??= reason;
                return step;
            }
        }
    }
}
