using System;
using System.IO;

namespace Diff.Workloads
{
    /// <summary>Finds the ADBench data folder (<c>shared/adbench</c>) that sits beside the repository.</summary>
    public static class AdBenchData
    {
        /// <summary>Environment variable that, when set, names the <c>adbench</c> folder directly.</summary>
        public const string EnvironmentVariable = "DIFFGEN_ADBENCH_DIR";

        /// <summary>
        /// Returns the <c>adbench</c> folder: <see cref="EnvironmentVariable"/> if set, otherwise the first
        /// <c>shared/adbench</c> found walking up from <paramref name="start"/> (default: the application's
        /// base directory). Throws <see cref="DirectoryNotFoundException"/> with the places searched when
        /// there is none.
        /// </summary>
        public static string Locate(string? start = null)
        {
            string? fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(fromEnv))
            {
                if (Directory.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
                throw new DirectoryNotFoundException($"{EnvironmentVariable} is set to '{fromEnv}', which is not a directory.");
            }

            string first = Path.GetFullPath(start ?? AppContext.BaseDirectory);
            for (DirectoryInfo? dir = new DirectoryInfo(first); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "adbench");
                if (Directory.Exists(candidate)) return candidate;
            }

            throw new DirectoryNotFoundException(
                $"ADBench data not found: no 'shared/adbench' folder in '{first}' or any of its parents " +
                $"(the repository expects it at ../shared/adbench beside the repository root). " +
                $"Set {EnvironmentVariable} to the adbench folder to use another location.");
        }

        /// <summary>The whitespace-separated numbers of an ADBench data file, read in order (invariant culture).</summary>
        public static Func<double> Numbers(string path)
        {
            string[] tokens = System.IO.File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int at = 0;
            return () =>
            {
                if (at == tokens.Length)
                {
                    throw new InvalidDataException($"{path} ends after {tokens.Length} numbers; the header asks for more.");
                }

                return double.Parse(tokens[at++], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            };
        }

        /// <summary>Returns the path of a file under the <c>adbench</c> folder, failing clearly when it is missing.</summary>
        public static string File(string relativePath)
        {
            string path = Path.Combine(Locate(), relativePath);
            if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"ADBench file not found: {path}", path);
            return path;
        }
    }
}
