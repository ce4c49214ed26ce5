using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using CsCheck;
using Diff.Fuzz.Generation;

namespace Diff.Fuzz.Harness
{
    /// <summary>Settings of a campaign.</summary>
    /// <param name="Start">The index of the first program: with a multiple of <paramref name="BatchSize"/>, the batches of a longer campaign again.</param>
    public sealed record CampaignOptions(int Count, long Seed, Families Families, int BatchSize = 30, int Points = 2, double ShrinkSeconds = 20, int ShrinkPerClass = 1, int Start = 0);

    /// <summary>What a campaign found.</summary>
    public sealed class CampaignResult
    {
        public int Programs { get; set; }

        public int Checked { get; set; }

        public int Skipped { get; set; }

        /// <summary><c>MJacobian</c> companions checked against <c>MPullback</c> and <c>MTangent</c>, and those with more than eight rows or columns.</summary>
        public int Jacobians { get; set; }

        /// <inheritdoc cref="Jacobians"/>
        public int WideJacobians { get; set; }

        public TimeSpan Elapsed { get; set; }

        public Dictionary<string, List<Outcome>> Failures { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Outcome> Shrunk { get; } = new(StringComparer.Ordinal);

        /// <summary>Further shrunk examples when more than one per class is asked for.</summary>
        public List<Outcome> MoreShrunk { get; } = new();

        public IEnumerable<Outcome> AllFailures => Failures.Values.SelectMany(v => v);

        /// <summary>A readable summary: counts by class, then one (shrunk) program per class.</summary>
        public string Report(bool withPrograms = true)
        {
            var sb = new StringBuilder();
            sb.Append($"programs run: {Programs}; fully checked: {Checked}; skipped (no point away from ties, or values out of range): {Skipped}; failing: {AllFailures.Count()}; Jacobians checked: {Jacobians} ({WideJacobians} with more than 8 rows or columns); time: {Elapsed.TotalSeconds:F1} s\n");
            foreach (var (cls, list) in Failures.OrderByDescending(kv => kv.Value.Count))
            {
                sb.Append($"  {list.Count,5}  {cls}\n");
            }

            if (withPrograms)
            {
                foreach (var (cls, list) in Failures.OrderByDescending(kv => kv.Value.Count))
                {
                    Outcome example = Shrunk.TryGetValue(cls, out var s) ? s : list.OrderBy(o => o.Source.Program.Size).First();
                    sb.Append($"\n=== {cls} ({list.Count}); {(Shrunk.ContainsKey(cls) ? "shrunk" : "smallest")} example, seed {example.Seed}, families {example.Source.Program.Families}\n");
                    sb.Append(example.Source.UserCode);
                    sb.Append(example.Detail).Append('\n');
                    foreach (Outcome more in MoreShrunk.Where(o => o.Class == cls))
                    {
                        sb.Append($"\n--- another {cls}, seed {more.Seed}\n").Append(more.Source.UserCode).Append(more.Detail).Append('\n');
                    }
                }
            }

            return sb.ToString();
        }
    }

    /// <summary>Generates programs from a seed, runs them in batches and shrinks one failure per class.</summary>
    public static class Campaign
    {
        /// <summary>The CsCheck seed of program <paramref name="i"/> of a campaign.</summary>
        public static PCG SeedOf(long seed, int i) => new(1u, unchecked((ulong)seed * 1_000_003UL + (ulong)i));

        public static CampaignResult Run(CampaignOptions options, Action<string>? log = null)
        {
            var watch = Stopwatch.StartNew();
            var generator = new ProgramGenerator(options.Families);
            var result = new CampaignResult();
            int end = options.Start + options.Count;
            for (int start = options.Start; start < end; start += options.BatchSize)
            {
                var items = new List<BatchRunner.Item>();
                for (int i = start; i < Math.Min(end, start + options.BatchSize); i++)
                {
                    PCG pcg = SeedOf(options.Seed, i);
                    string seed = pcg.ToString();
                    var program = generator.FromSeed(pcg);
                    items.Add(new BatchRunner.Item(new ProgramSource(program, i), seed, unchecked((ulong)options.Seed * 31UL + (ulong)i)));
                }

                foreach (Outcome o in BatchRunner.Run(items, options.Points))
                {
                    result.Programs++;
                    result.Jacobians += o.Jacobians;
                    result.WideJacobians += o.WideJacobians;
                    if (o.Class is not null)
                    {
                        if (!result.Failures.TryGetValue(o.Class, out var list))
                        {
                            result.Failures[o.Class] = list = new List<Outcome>();
                        }

                        list.Add(o);
                    }
                    else if (o.Skipped)
                    {
                        result.Skipped++;
                    }
                    else
                    {
                        result.Checked++;
                    }
                }

                log?.Invoke($"{result.Programs} programs, {result.AllFailures.Count()} failing, {result.Skipped} skipped, {result.Jacobians} Jacobians, {watch.Elapsed.TotalSeconds:F0} s");
            }

            if (options.ShrinkSeconds >= 0)
            {
                foreach (var (cls, list) in result.Failures.OrderByDescending(kv => kv.Value.Count).ToList())
                {
                    log?.Invoke($"shrinking {cls} ({list.Count})");
                    var smallest = list.OrderBy(o => o.Source.Program.Size).Take(Math.Max(1, options.ShrinkPerClass)).ToList();
                    result.Shrunk[cls] = Shrinker.Shrink(generator, smallest[0], options.ShrinkSeconds, log);
                    foreach (Outcome more in smallest.Skip(1))
                    {
                        result.MoreShrunk.Add(Shrinker.Shrink(generator, more, options.ShrinkSeconds, log));
                    }
                }
            }

            result.Elapsed = watch.Elapsed;
            return result;
        }
    }
}
