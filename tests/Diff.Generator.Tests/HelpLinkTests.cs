using System;
using System.IO;
using System.Linq;
using Diff.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>Every DIFF ID's help link leads to a page that exists, and every list of IDs names it.</summary>
    public sealed class HelpLinkTests
    {
        public static TheoryData<string> Ids()
        {
            var data = new TheoryData<string>();
            foreach (DiagnosticDescriptor descriptor in DiagnosticDescriptors.All)
            {
                data.Add(descriptor.Id);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void Help_link_is_a_relative_link_to_an_existing_page(string id)
        {
            DiagnosticDescriptor descriptor = Assert.IsType<DiagnosticDescriptor>(DiagnosticDescriptors.Find(id));
            Assert.Equal("docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri);
            Assert.False(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out _), "help links name no host");

            string page = Path.Combine(RepositoryRoot(), descriptor.HelpLinkUri.Replace('/', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(page), $"{id}: {page} does not exist");
            Assert.StartsWith("# " + id + ":", File.ReadAllLines(page)[0], StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void Every_list_of_diagnostics_names_the_id(string id)
        {
            string root = RepositoryRoot();
            Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(Path.Combine(root, "docs", "diagnostics", "README.md")), StringComparison.Ordinal);
            Assert.Contains($"| {id} |", File.ReadAllText(Path.Combine(root, "src", "Diff.Runtime", "README.package.md")), StringComparison.Ordinal);
            string releases = File.ReadAllText(Path.Combine(root, "src", "Diff.Generator", "AnalyzerReleases.Shipped.md"))
                + File.ReadAllText(Path.Combine(root, "src", "Diff.Generator", "AnalyzerReleases.Unshipped.md"));
            Assert.Contains(id + " |", releases, StringComparison.Ordinal);
        }

        [Fact]
        public void Every_page_belongs_to_a_descriptor()
        {
            string[] pages = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "diagnostics"), "DIFF*.md")
                .Select(Path.GetFileNameWithoutExtension)
                .Select(name => name!)
                .ToArray();
            Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal), pages.OrderBy(id => id, StringComparer.Ordinal));
        }

        private static string RepositoryRoot()
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
    }
}
