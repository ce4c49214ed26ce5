using Diff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Diff.Generator.Diagnostics
{
    /// <summary>An equatable description of a diagnostic, turned into a <see cref="Diagnostic"/> only when reported.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
            new(descriptor.Id, location, arguments.ToEquatableArray());

        public Diagnostic ToDiagnostic()
        {
            DiagnosticDescriptor descriptor = DiagnosticDescriptors.Find(Id) ?? DiagnosticDescriptors.UnsupportedExpression;
            object[] args = new object[Arguments.Count];
            for (int i = 0; i < args.Length; i++)
            {
                args[i] = Arguments[i];
            }

            return Diagnostic.Create(descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, args);
        }
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
                    if (d.Id != DiagnosticDescriptors.ResultIsConstant.Id)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
