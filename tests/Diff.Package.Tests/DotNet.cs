using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace Diff.Package.Tests
{
    /// <summary>Runs the dotnet CLI as a user would, isolated from the MSBuild that runs these tests.</summary>
    public static class DotNet
    {
        /// <summary>The result of one command: its exit code and everything it printed.</summary>
        public sealed record Result(string CommandLine, int ExitCode, string Output)
        {
            public override string ToString() => $"> {CommandLine}\n(exit code {ExitCode})\n{Output}";
        }

        /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="directory"/>, waiting at most <paramref name="timeout"/>.</summary>
        public static Result Run(string directory, TimeSpan timeout, params string[] arguments)
        {
            var start = new ProcessStartInfo(HostPath())
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // `dotnet test` hands its own MSBuild settings to the test host; a nested build must not
            // inherit them, or it would resolve SDKs and nodes from the outer build.
            foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            // Node reuse and the compiler server would outlive the test as background processes.
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["UseSharedCompilation"] = "false";

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet {string.Join(' ', arguments)} ran longer than {timeout}:\n{output}");
            }

            process.WaitForExit();
            lock (output)
            {
                return new Result("dotnet " + string.Join(' ', arguments), process.ExitCode, output.ToString());
            }
        }

        /// <summary>The dotnet host running these tests, so the nested builds use the same SDK.</summary>
        private static string HostPath()
        {
            string? host = Environment.ProcessPath;
            if (host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                return host;
            }

            string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            string candidate = root is null ? string.Empty : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(candidate) ? candidate : "dotnet";
        }
    }
}
