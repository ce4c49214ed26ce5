using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Diff.Package.Tests
{
    /// <summary>The DiffGen package, consumed from a local folder by a fresh console app.</summary>
    public sealed class ConsumerTests : IClassFixture<ConsumerFixture>
    {
        private readonly ConsumerFixture _consumer;
        private readonly ITestOutputHelper _output;

        public ConsumerTests(ConsumerFixture consumer, ITestOutputHelper output)
        {
            _consumer = consumer;
            _output = output;
        }

        [Fact]
        public void Package_holds_the_runtime_in_lib_and_the_generator_and_code_fixes_in_analyzers()
        {
            Assert.True(_consumer.PackagePath is not null, _consumer.Transcript);
            _output.WriteLine(string.Join("\n", _consumer.PackageEntries));

            string[] lib = _consumer.PackageEntries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).ToArray();
            Assert.Equal(new[] { "lib/net10.0/Diff.Runtime.dll", "lib/net10.0/Diff.Runtime.xml" }, lib);

            string[] analyzers = _consumer.PackageEntries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).ToArray();
            Assert.Equal(new[] { "analyzers/dotnet/cs/Diff.CodeFixes.dll", "analyzers/dotnet/cs/Diff.Generator.dll" }, analyzers);

            Assert.Contains("README.md", _consumer.PackageEntries);
            Assert.Contains("icon.png", _consumer.PackageEntries);
            Assert.True(File.Exists(Path.ChangeExtension(_consumer.PackagePath, ".snupkg")), "no symbol package next to " + _consumer.PackagePath);
        }

        [Fact]
        public void Consumer_project_uses_a_PackageReference_and_no_ProjectReference()
        {
            string project = File.ReadAllText(Path.Combine(_consumer.ConsumerDirectory, "Consumer.csproj"));
            Assert.Contains("<PackageReference Include=\"DiffGen\"", project, StringComparison.Ordinal);
            Assert.DoesNotContain("ProjectReference", project, StringComparison.Ordinal);
            Assert.False(_consumer.ConsumerDirectory.StartsWith(_consumer.RepositoryRoot, StringComparison.Ordinal), "the consumer must live outside the repository");
        }

        [Fact]
        public void Consumer_builds_and_references_the_runtime_but_not_the_generator()
        {
            Assert.True(_consumer.Build is { ExitCode: 0 }, _consumer.Transcript);
            _output.WriteLine(_consumer.Build!.Output);

            string bin = Path.Combine(_consumer.ConsumerDirectory, "bin", "Debug", "net10.0");
            Assert.True(File.Exists(Path.Combine(bin, "Diff.Runtime.dll")));
            Assert.False(File.Exists(Path.Combine(bin, "Diff.Generator.dll")), "the generator leaked into the consumer's references");
            Assert.False(File.Exists(Path.Combine(bin, "Diff.CodeFixes.dll")), "the code fixes leaked into the consumer's references");

            // The compiler ran the generator from the package: its gradients were compiled in.
            string assets = File.ReadAllText(Path.Combine(_consumer.ConsumerDirectory, "obj", "project.assets.json"));
            Assert.Contains("analyzers/dotnet/cs/Diff.Generator.dll", assets, StringComparison.Ordinal);
        }

        [Fact]
        public void Consumer_runs_a_scalar_gradient_and_trains_a_module()
        {
            Assert.True(_consumer.Program is { ExitCode: 0 }, _consumer.Transcript);
            string output = _consumer.Program!.Output;
            _output.WriteLine(output);

            // f(x, y) = x²y + sin y at (3, 2): 18 + sin 2, ∂f/∂x = 2xy = 12, ∂f/∂y = x² + cos 2.
            string expected = string.Format(
                CultureInfo.CurrentCulture,
                "f = {0:F4}, df/dx = {1:F4}, df/dy = {2:F4}",
                18.0 + Math.Sin(2.0), 12.0, 9.0 + Math.Cos(2.0));
            Assert.Contains(expected, output, StringComparison.Ordinal);

            // Fitting y = 2x + 1 with SGD: the loss must fall by orders of magnitude over the steps.
            float[] losses = Regex.Matches(output, @"step (\d+): loss = ([0-9.,eE+-]+)")
                .Select(m => float.Parse(m.Groups[2].Value, CultureInfo.CurrentCulture))
                .ToArray();
            Assert.True(losses.Length >= 3, output);
            Assert.True(losses[^1] < losses[0] / 100f, $"the loss did not fall: {string.Join(", ", losses)}");
        }

        [Fact]
        public void Consumer_build_reports_a_DIFF_error_with_its_id_and_line()
        {
            Assert.True(_consumer.BrokenBuild is not null, _consumer.Transcript);
            string output = _consumer.BrokenBuild!.Output;
            _output.WriteLine(output);

            Assert.NotEqual(0, _consumer.BrokenBuild.ExitCode);
            Assert.Matches(new Regex($@"Broken\.cs\({ConsumerFixture.BrokenLine},\d+\): error DIFF001: 'Broken.Opaque' has no derivative"), output);
        }
    }
}
