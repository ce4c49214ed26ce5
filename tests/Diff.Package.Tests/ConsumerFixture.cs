using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;

namespace Diff.Package.Tests
{
    /// <summary>
    /// Packs DiffGen into a private folder and builds a fresh console app against it, as a user of the
    /// package would: its own nuget.config (that folder, then nuget.org), a PackageReference and no
    /// ProjectReference, in a temporary directory outside the repository. One restore, then a build
    /// that must succeed (and the app runs), then a build with one more file that must fail with a
    /// DIFF error.
    /// </summary>
    /// <remarks>
    /// Isolation: `dotnet pack --no-build` packs the outputs this test project's build already made
    /// (its ProjectReferences build them), so it compiles nothing and cannot race the solution's other
    /// builds, and it writes its nuspec under the temporary directory. The version carries a unique
    /// suffix, so a copy that NuGet cached under ~/.nuget/packages from an earlier run is never used;
    /// that copy is deleted again at the end.
    /// </remarks>
    public sealed class ConsumerFixture : IDisposable
    {
        private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

        public ConsumerFixture()
        {
            RepositoryRoot = FindRepositoryRoot();
            WorkDirectory = Path.Combine(Path.GetTempPath(), "diffgen-consumer-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Feed = Path.Combine(WorkDirectory, "feed");
            ConsumerDirectory = Path.Combine(WorkDirectory, "Consumer");
            Directory.CreateDirectory(Feed);
            Directory.CreateDirectory(ConsumerDirectory);

            string configuration = typeof(ConsumerFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            string suffix = "consumer." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N").Substring(0, 8);
            Pack = DotNet.Run(
                RepositoryRoot,
                CommandTimeout,
                "pack", Path.Combine(RepositoryRoot, "src", "Diff.Runtime", "Diff.Runtime.csproj"),
                "--no-build", "-c", configuration, "-o", Feed, "-nologo",
                "-p:VersionSuffix=" + suffix,
                "-p:NuspecOutputPath=" + Path.Combine(WorkDirectory, "nuspec") + Path.DirectorySeparatorChar);
            PackagePath = Directory.GetFiles(Feed, "DiffGen.*.nupkg").SingleOrDefault(p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
            if (Pack.ExitCode != 0 || PackagePath is null)
            {
                return;
            }

            Version = Path.GetFileNameWithoutExtension(PackagePath).Substring("DiffGen.".Length);
            using (ZipArchive archive = ZipFile.OpenRead(PackagePath))
            {
                PackageEntries = archive.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            }

            WriteConsumer();
            Restore = DotNet.Run(ConsumerDirectory, CommandTimeout, "restore", "-nologo");
            if (Restore.ExitCode != 0)
            {
                return;
            }

            Build = DotNet.Run(ConsumerDirectory, CommandTimeout, "build", "--no-restore", "-nologo", "-c", "Debug");
            if (Build.ExitCode == 0)
            {
                Program = DotNet.Run(ConsumerDirectory, CommandTimeout, Path.Combine(ConsumerDirectory, "bin", "Debug", "net10.0", "Consumer.dll"));
            }

            BrokenBuild = DotNet.Run(ConsumerDirectory, CommandTimeout, "build", "--no-restore", "-nologo", "-c", "Debug", "-p:WithDiffError=true");
        }

        public string RepositoryRoot { get; }

        public string WorkDirectory { get; }

        public string Feed { get; }

        public string ConsumerDirectory { get; }

        public string? PackagePath { get; }

        public string? Version { get; }

        public string[] PackageEntries { get; } = Array.Empty<string>();

        public DotNet.Result Pack { get; }

        public DotNet.Result? Restore { get; }

        public DotNet.Result? Build { get; }

        public DotNet.Result? Program { get; }

        public DotNet.Result? BrokenBuild { get; }

        /// <summary>The line of Broken.cs that holds the call DIFF001 must point at (1-based).</summary>
        public const int BrokenLine = 8;

        /// <summary>Everything that ran, for failure messages.</summary>
        public string Transcript => string.Join("\n", new object?[] { Pack, Restore, Build, Program, BrokenBuild }.Where(r => r is not null));

        public void Dispose()
        {
            TryDelete(WorkDirectory);
            if (Version is not null)
            {
                string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
                TryDelete(Path.Combine(packages, "diffgen", Version.ToLowerInvariant()));
            }
        }

        /// <summary>The Program.cs block of README.md's Install section, exactly as a reader would paste it.</summary>
        public static string ReadmeProgram(string repositoryRoot)
        {
            string readme = File.ReadAllText(Path.Combine(repositoryRoot, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
            int marker = readme.IndexOf("<!-- install-program:", StringComparison.Ordinal);
            if (marker < 0)
            {
                throw new InvalidOperationException("README.md has no install-program marker before the Install section's Program.cs");
            }

            const string Fence = "```csharp\n";
            int start = readme.IndexOf(Fence, marker, StringComparison.Ordinal) + Fence.Length;
            int end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
            return readme.Substring(start, end - start + 1);
        }

        private void WriteConsumer()
        {
            File.WriteAllText(Path.Combine(ConsumerDirectory, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{Feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
                  </packageSources>
                </configuration>
                """);

            // A plain console project, as `dotnet new console` writes it, plus the package.
            File.WriteAllText(Path.Combine(ConsumerDirectory, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="DiffGen" Version="{Version}" />
                  </ItemGroup>
                  <ItemGroup Condition="'$(WithDiffError)' != 'true'">
                    <Compile Remove="Broken.cs" />
                  </ItemGroup>
                </Project>
                """);

            File.WriteAllText(Path.Combine(ConsumerDirectory, "Program.cs"), ReadmeProgram(RepositoryRoot));

            // Line 8 calls a method with no derivative on a differentiable value: DIFF001 there.
            File.WriteAllText(Path.Combine(ConsumerDirectory, "Broken.cs"), """
                using Diff;

                static partial class Broken
                {
                    [Differentiable]
                    public static double G(double x)
                    {
                        return Opaque(x) * 2.0;
                    }

                    private static double Opaque(double x) => x + 1.0;
                }

                """);
        }

        private static string FindRepositoryRoot()
        {
            for (DirectoryInfo? directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DiffGen.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("DiffGen.sln not found above " + AppContext.BaseDirectory);
        }

        private static void TryDelete(string directory)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless; the next run uses a new name.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
