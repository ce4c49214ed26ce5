using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// One <c>SinCos</c> for a sine and a cosine of the same value: the forward sweep of <c>Math.Cos(θ)</c> and
    /// <c>Math.Sin(θ)</c> (a rotation's, written as users write it) evaluates both from one call each, and the second
    /// call gives what the first already has. Here the second becomes two copies of the first's results.
    /// </summary>
    /// <remarks>
    /// Only within one list of steps, only for an argument that reads locals alone (no array element, no primal
    /// expression), and only while no step in between assigns any of them: an assignment to one of its locals forgets
    /// the call, and so does any step this pass does not know to leave locals alone (a nested block, a loop, a call).
    /// </remarks>
    internal static class SinCosSharing
    {
        /// <summary>The steps, each later <c>SinCos</c> of an argument already evaluated replaced by copies, nested lists included.</summary>
        public static List<SweepStmt> Run(IEnumerable<SweepStmt> steps)
        {
            // Sharing needs two calls. Most methods have none, and rebuilding every nested list for nothing was most of
            // this pass's allocation.
            if (SweepBodies.All(steps).OfType<SinCosStmt>().Take(2).Count() < 2)
            {
                return steps.ToList();
            }

            var result = new List<SweepStmt>();
            var known = new List<SinCosStmt>();
            foreach (SweepStmt step in steps)
            {
                switch (step)
                {
                    case SinCosStmt sinCos when known.FirstOrDefault(k => k.Owner == sinCos.Owner && k.Argument == sinCos.Argument) is { } earlier:
                        result.Add(new TempStmt(sinCos.Sine, new NameTerm(earlier.Sine, sinCos.Argument.Kind)) { LineOffset = sinCos.LineOffset });
                        result.Add(new TempStmt(sinCos.Cosine, new NameTerm(earlier.Cosine, sinCos.Argument.Kind)) { LineOffset = sinCos.LineOffset });
                        break;
                    case SinCosStmt sinCos:
                        if (ReadsLocalsOnly(sinCos.Argument))
                        {
                            known.Add(sinCos);
                        }

                        result.Add(sinCos);
                        break;
                    case PrimalAssignStmt assign:
                        // An element write leaves every local alone; a local's write forgets the calls that read it.
                        if (assign.IndexCode is null && known.Count > 0)
                        {
                            known.RemoveAll(k => Terms.Leaves(k.Argument).Any(leaf => leaf is NameTerm name && name.Name == assign.Target));
                        }

                        result.Add(step);
                        break;
                    case TempStmt or CommentStmt or RecordStmt or ReserveStmt or PopStmt or CountTripStmt:
                        // New locals and the tapes: nothing the known arguments read changes.
                        result.Add(step);
                        break;
                    default:
                        known.Clear();
                        result.Add(Nested(step));
                        break;
                }
            }

            return result;
        }

        private static bool ReadsLocalsOnly(Term argument) => Terms.Leaves(argument).All(leaf => leaf is NameTerm);

        private static SweepStmt Nested(SweepStmt step) => SweepBodies.Map(step, steps => Run(steps).ToEquatableArray());
    }
}
