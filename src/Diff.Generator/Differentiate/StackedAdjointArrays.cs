using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// The adjoint of a short local array of fixed length (<c>new double[3]</c>) as a <c>stackalloc</c> span, cleared where the
    /// array is declared, instead of an array from the per-thread pool or a new one: for a short sweep (a rotation, one
    /// observation's residual) the pool's thread-static lookup, scan and clear cost several times the arithmetic, and a new
    /// array allocates on every gradient.
    /// </summary>
    /// <remarks>
    /// Only where every use of the adjoint is an element's: a callee's pullback or gradient takes adjoint arrays whole, so a
    /// method that keeps such a call is left alone (the reverse sweep in lanes refuses those calls anyway).
    /// </remarks>
    internal static class StackedAdjointArrays
    {
        /// <summary>The most elements of one local array whose adjoint lives on the stack (64 bytes each in lanes).</summary>
        internal const int MostStackedElements = 16;

        /// <summary>
        /// The adjoint arrays that can live on the stack, with their lengths: those of local arrays whose every declaration
        /// has the same literal length, at most <see cref="MostStackedElements"/>.
        /// </summary>
        public static Dictionary<string, int> Find(ScalarAdjointMethod adjoint)
        {
            var arrayLengths = new Dictionary<string, int?>();
            var allocations = new List<AllocateAdjointStmt>();
            foreach (SweepStmt step in SweepBodies.All(adjoint))
            {
                switch (step)
                {
                    case DeclareArrayStmt array:
                        int? length = LiteralLength(array.Length);
                        arrayLengths[array.Name] = arrayLengths.TryGetValue(array.Name, out int? seen) && seen != length ? null : length;
                        break;
                    case AllocateAdjointStmt allocate:
                        allocations.Add(allocate);
                        break;
                }
            }

            var stacked = new Dictionary<string, int?>();
            foreach (AllocateAdjointStmt allocate in allocations)
            {
                int? length = allocate.Length switch
                {
                    LengthValue { Buffer: var buffer } => arrayLengths.TryGetValue(buffer, out int? known) ? known : null,
                    var other => LiteralLength(other),
                };
                stacked[allocate.Adjoint] = stacked.TryGetValue(allocate.Adjoint, out int? seen) && seen != length ? null : length;
            }

            var result = new Dictionary<string, int>();
            foreach (KeyValuePair<string, int?> entry in stacked)
            {
                if (entry.Value is { } length and > 0 and <= MostStackedElements)
                {
                    result[entry.Key] = length;
                }
            }

            if (result.Count == 0)
            {
                return result;
            }

            // A span's indexer takes an int: an array indexed by a long (or an unsigned) counter keeps its array.
            foreach (SweepStmt step in SweepBodies.All(adjoint))
            {
                IEnumerable<(string Name, Value? Index)> indexed = step switch
                {
                    IncrementStmt increment => new[] { (increment.Target.Name, increment.Target.Index) }.Concat(Elements(increment.Term)),
                    TakeAdjointStmt take => new[] { (take.Adjoint.Name, take.Adjoint.Index) },
                    _ => Enumerable.Empty<(string, Value?)>(),
                };
                foreach ((string name, Value? index) in indexed)
                {
                    if (index is not null && !IndexesASpan(index.Type))
                    {
                        result.Remove(name);
                    }
                }
            }

            return result;
        }

        private static IEnumerable<(string Name, Value? Index)> Elements(Term term) =>
            Terms.Leaves(term).OfType<ElementTerm>().Select(element => (element.Buffer, (Value?)element.Index));

        private static bool IndexesASpan(IrType type) =>
            type.Kind is IrTypeKind.Int32 or IrTypeKind.Int16 or IrTypeKind.UInt16 or IrTypeKind.Byte or IrTypeKind.SByte or IrTypeKind.Char;

        private static int? LiteralLength(Value length) =>
            length is ConstantValue { IsLiteral: true } constant && int.TryParse(constant.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) ? value : null;

        /// <summary>The adjoint with its short fixed-length adjoint arrays on the stack, when nothing takes them whole.</summary>
        public static ScalarAdjointMethod Rewrite(ScalarAdjointMethod adjoint)
        {
            if (SweepBodies.All(adjoint).Any(step => step is PullbackStmt or GradientCallStmt or AllocateVectorStmt or VectorIncrementStmt or DeclarePartialStmt or PrimalCallStmt { RecordCallCode: not null }))
            {
                return adjoint;
            }

            Dictionary<string, int> stacked = Find(adjoint);
            if (stacked.Count == 0)
            {
                return adjoint;
            }

            return new ScalarAdjointMethod(Map(adjoint.Locals), Map(adjoint.Forward), adjoint.Reverse with { Body = Map(adjoint.Reverse.Body), Epilogue = Map(adjoint.Reverse.Epilogue) });

            EquatableArray<SweepStmt> Map(EquatableArray<SweepStmt> steps) => steps.Select(One).ToEquatableArray();

            SweepStmt One(SweepStmt step) => step switch
            {
                DeclareStmt { IsAdjoint: true } declare when stacked.TryGetValue(declare.Name, out int length) && declare.Type is "double[]" or "float[]" =>
                    declare with { Type = $"global::System.Span<{declare.Type.Substring(0, declare.Type.Length - 2)}>", Initializer = $"stackalloc {declare.Type.Substring(0, declare.Type.Length - 2)}[{length}]" },
                AllocateAdjointStmt allocate when stacked.ContainsKey(allocate.Adjoint) => allocate with { OnStack = true },
                _ => SweepBodies.Map(step, Map),
            };
        }
    }
}
