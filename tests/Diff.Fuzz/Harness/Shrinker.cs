using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Diff.Fuzz.Generation;
using Diff.Fuzz.Model;

namespace Diff.Fuzz.Harness
{
    /// <summary>
    /// Makes a failing program small, keeping its failure class. Two stages: CsCheck's own shrinking (it replays the
    /// failing seed, then looks for failing programs of smaller size), then deletion on the model: every program with
    /// one statement or one unused helper removed is compiled in one batch, and the smallest that still fails the
    /// same way is kept, until no deletion keeps the failure.
    /// </summary>
    public static class Shrinker
    {
        public static Outcome Shrink(ProgramGenerator generator, Outcome failure, double csCheckSeconds, Action<string>? log = null)
        {
            Outcome best = failure;
            string target = Key(failure.Class!);
            if (csCheckSeconds > 0 && failure.Seed.Length > 0)
            {
                try
                {
                    Check.Sample(
                        generator,
                        p =>
                        {
                            Outcome o = RunOne(p, failure.Seed);
                            bool same = o.Class is not null && Key(o.Class) == target;
                            if (same && p.Size < best.Source.Program.Size)
                            {
                                best = o;
                            }

                            return !same;
                        },
                        seed: failure.Seed,
                        iter: 1_000_000,
                        time: (int)Math.Ceiling(csCheckSeconds),
                        threads: 1);
                }
                catch (Exception)
                {
                    // CsCheck reports the failure by throwing; the smallest failing program is kept in best.
                }
            }

            log?.Invoke($"  CsCheck shrink: size {failure.Source.Program.Size} -> {best.Source.Program.Size}");
            for (int round = 0; round < 40; round++)
            {
                List<FuzzProgram> candidates = Deletions(best.Source.Program).ToList();
                if (candidates.Count == 0)
                {
                    break;
                }

                var items = candidates.Select((p, i) => new BatchRunner.Item(new ProgramSource(p, i), best.Seed, 7)).ToList();
                Outcome? smaller = null;
                foreach (var chunk in items.Chunk(40))
                {
                    foreach (Outcome o in BatchRunner.Run(chunk))
                    {
                        if (o.Class is not null && Key(o.Class) == target && (smaller is null || o.Source.Program.Size < smaller.Source.Program.Size))
                        {
                            smaller = o;
                        }
                    }
                }

                if (smaller is null)
                {
                    break;
                }

                best = smaller;
            }

            log?.Invoke($"  deletion shrink: size {best.Source.Program.Size}");
            return best with { Source = new ProgramSource(best.Source.Program, failure.Source.Index) };
        }

        /// <summary>Classes match on the part before the first ':' except for compile errors, where the ids matter.</summary>
        private static string Key(string cls) => cls.StartsWith(FailureClass.GeneratedCodeError, StringComparison.Ordinal) || cls.StartsWith("refused", StringComparison.Ordinal) ? cls : cls.Split(':')[0];

        private static Outcome RunOne(FuzzProgram p, string seed) => BatchRunner.Run(new[] { new BatchRunner.Item(new ProgramSource(p, 0), seed, 7) })[0];

        private static IEnumerable<FuzzProgram> Deletions(FuzzProgram program)
        {
            foreach (Method helper in program.Helpers)
            {
                var rest = program.Helpers.Where(h => h != helper).ToList();
                yield return Sized(program with { Helpers = rest });
            }

            foreach (IReadOnlyList<Stmt> body in BodyDeletions(program.Main.Body))
            {
                yield return Sized(program with { Main = program.Main with { Body = body } });
            }

            for (int h = 0; h < program.Helpers.Count; h++)
            {
                foreach (IReadOnlyList<Stmt> body in BodyDeletions(program.Helpers[h].Body))
                {
                    var helpers = program.Helpers.ToList();
                    helpers[h] = helpers[h] with { Body = body };
                    yield return Sized(program with { Helpers = helpers });
                }
            }
        }

        private static FuzzProgram Sized(FuzzProgram p) => p with { Size = p.Helpers.Append(p.Main).Sum(m => Count(m.Body)) };

        private static int Count(IEnumerable<Stmt> body) => body.Sum(s => 1 + s switch
        {
            If i => Count(i.Then) + (i.Else is null ? 0 : Count(i.Else)),
            For f => Count(f.Body),
            While w => Count(w.Body),
            Foreach f => Count(f.Body),
            _ => 0,
        });

        /// <summary>Every body with one statement removed, or one compound statement replaced by less.</summary>
        private static IEnumerable<IReadOnlyList<Stmt>> BodyDeletions(IReadOnlyList<Stmt> body)
        {
            for (int i = 0; i < body.Count; i++)
            {
                // the last statement of a method body is its return: keep it
                if (body[i] is Return && i == body.Count - 1)
                {
                    continue;
                }

                // the guard counter of a while loop keeps it terminating: keep it
                if (body[i] is ExprStmt { E: PostIncrement })
                {
                    continue;
                }

                // the reset of the static state makes every call start alike; without it M and its companions, called one
                // after the other, would start from different states and differ for that reason alone: keep it
                if (body[i] is StateReset)
                {
                    continue;
                }

                var without = body.ToList();
                without.RemoveAt(i);
                yield return without;
                foreach (Stmt inner in Smaller(body[i]))
                {
                    var replaced = body.ToList();
                    replaced[i] = inner;
                    yield return replaced;
                }
            }
        }

        private static IEnumerable<Stmt> Smaller(Stmt s)
        {
            switch (s)
            {
                case If i:
                    if (i.Else is not null)
                    {
                        yield return i with { Else = null };
                    }

                    foreach (var then in BodyDeletions(i.Then))
                    {
                        yield return i with { Then = then };
                    }

                    if (i.Else is not null)
                    {
                        foreach (var otherwise in BodyDeletions(i.Else))
                        {
                            yield return i with { Else = otherwise };
                        }
                    }

                    break;
                case Switch sw:
                    if (sw.Default is not null)
                    {
                        yield return sw with { Default = null };
                        foreach (var fallback in BodyDeletions(sw.Default))
                        {
                            yield return sw with { Default = fallback };
                        }
                    }

                    for (int c = 0; c < sw.Cases.Count; c++)
                    {
                        if (sw.Cases.Count > 1)
                        {
                            var fewer = sw.Cases.ToList();
                            fewer.RemoveAt(c);
                            yield return sw with { Cases = fewer };
                        }

                        foreach (var b in BodyDeletions(sw.Cases[c].Body))
                        {
                            var cases = sw.Cases.ToList();
                            cases[c] = cases[c] with { Body = b };
                            yield return sw with { Cases = cases };
                        }
                    }

                    break;
                case For f:
                    foreach (var b in BodyDeletions(f.Body))
                    {
                        yield return f with { Body = b };
                    }

                    break;
                case While w:
                    foreach (var b in BodyDeletions(w.Body))
                    {
                        yield return w with { Body = b };
                    }

                    break;
                case Foreach f:
                    foreach (var b in BodyDeletions(f.Body))
                    {
                        yield return f with { Body = b };
                    }

                    break;
            }
        }
    }
}
