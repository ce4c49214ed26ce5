using Diff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Diff.Generator.Diagnostics
{
    /// <summary>An equatable description of a diagnostic, turned into a <see cref="Diagnostic"/> only when reported.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
            new(descriptor.Id, location, arguments.ToEquatableArray());

        public Diagnostic ToDiagnostic() => ToDiagnostic(null);

        /// <summary>
        /// The diagnostic, located in <paramref name="tree"/> when the location is in that file. A
        /// location inside a syntax tree is what lets <c>#pragma warning disable</c> apply and the IDE
        /// offer code fixes; a bare file location would get neither.
        /// </summary>
        public Diagnostic ToDiagnostic(SyntaxTree? tree)
        {
            DiagnosticDescriptor descriptor = DiagnosticDescriptors.Find(Id) ?? DiagnosticDescriptors.UnsupportedExpression;
            object[] args = new object[Arguments.Count];
            for (int i = 0; i < args.Length; i++)
            {
                args[i] = OneLine(Arguments[i]);
            }

            Location location = Location is null
                ? Microsoft.CodeAnalysis.Location.None
                : tree is not null && tree.FilePath == Location.FilePath && Location.Start + Location.Length <= tree.Length
                    ? Microsoft.CodeAnalysis.Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(Location.Start, Location.Length))
                    : Location.ToLocation();
            return Diagnostic.Create(descriptor, location, args);
        }

        /// <summary>
        /// Code quoted in a message on one line: a build log ends a message at its first line break, which would leave
        /// only the start of a multi-line expression (a switch expression's arms) and cut the reason off.
        /// </summary>
        private static string OneLine(string argument) =>
            argument.IndexOf('\n') < 0 && argument.IndexOf('\r') < 0
                ? argument
                : System.Text.RegularExpressions.Regex.Replace(argument, @"\s*[\r\n]\s*", " ");
    }

    /// <summary>A pipeline value together with the diagnostics found while producing it.</summary>
    internal sealed record Result<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics)
        where T : class
    {
        public bool HasErrors
        {
            get
            {
                foreach (DiagnosticInfo d in Diagnostics)
                {
                    // Warnings (DIFF009, DIFF019) leave the method's code to be generated.
                    if (DiagnosticDescriptors.Find(d.Id) is not { DefaultSeverity: not DiagnosticSeverity.Error })
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
