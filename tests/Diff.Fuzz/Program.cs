using System;
using System.Globalization;
using System.IO;
using Diff.Fuzz.Generation;
using Diff.Fuzz.Harness;

namespace Diff.Fuzz
{
    /// <summary>
    /// The long campaign: <c>dotnet run --project tests/Diff.Fuzz -c Release -- --count 10000 [--start N] [--seed S] [--only a,b]
    /// [--without a,b] [--batch 30] [--points 2] [--shrink-seconds 20] [--shrink-per-class 1] [--report file.md] [--print N] [--families]
    /// [--recompute]</c>; <c>--recompute</c> makes every reverse sweep compute partials again wherever it can, as kernels' do.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            int count = 1000, batch = 30, points = 2, print = -1, perClass = 1, first = 0;
            long seed = 1;
            double shrink = 20;
            Families families = Families.Everything;
            string? report = null;
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : string.Empty;
                switch (args[i])
                {
                    case "--count": count = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--start": first = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--seed": seed = long.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--batch": batch = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--points": points = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--shrink-seconds": shrink = double.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--only": families = Families.Only(value); i++; break;
                    case "--without": families = Families.Without(value); i++; break;
                    case "--report": report = value; i++; break;
                    case "--recompute": BatchRunner.RecomputePartials = true; break;
                    case "--shrink-per-class": perClass = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--print": print = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--run-file":
                        Console.WriteLine(BatchRunner.RunFile(value, int.Parse(args[i + 2], CultureInfo.InvariantCulture), int.Parse(args[i + 3], CultureInfo.InvariantCulture)));
                        return 0;
                    case "--families":
                        foreach (var (name, what) in Families.All)
                        {
                            Console.WriteLine($"{name,-10} {what}");
                        }

                        return 0;
                    default:
                        Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
                        return 2;
                }
            }

            if (print >= 0)
            {
                // Print program number `print` of the campaign, without running it.
                var generator = new ProgramGenerator(families);
                var source = new ProgramSource(generator.FromSeed(Campaign.SeedOf(seed, print)), print);
                Console.WriteLine(source.Plain);
                Console.WriteLine(source.Gradient);
                return 0;
            }

            Console.WriteLine($"fuzzing {count} programs, seed {seed}, families {families}");
            CampaignResult result = Campaign.Run(new CampaignOptions(count, seed, families, batch, points, shrink, perClass, first), Console.WriteLine);
            string text = result.Report();
            Console.WriteLine();
            Console.WriteLine(text);
            if (report is not null)
            {
                File.WriteAllText(report, text);
            }

            return result.AllFailures.GetEnumerator().MoveNext() ? 1 : 0;
        }
    }
}
