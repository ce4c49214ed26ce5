using Microsoft.CodeAnalysis;

namespace Diff.Generator.Diagnostics
{
    /// <summary>Every diagnostic DiffGen reports. Each ID has a page under docs/diagnostics.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "DiffGen";

        /// <summary>
        /// Help links are relative to the repository root: docs/diagnostics/DIFFnnn.md exists for every
        /// ID (a test checks it), and a relative link stays right wherever the repository is hosted.
        /// </summary>
        public const string HelpBase = "docs/diagnostics/";

        /// <summary>
        /// DIFF001; <c>{3}</c> is empty, or <c> (reason)</c> for a math function the derivative catalog refuses; <c>{4}</c> is
        /// <see cref="NoDerivativeWayOut"/>.
        /// </summary>
        public static readonly DiagnosticDescriptor NoDerivative = Error(
            "DIFF001",
            "Call to a method with no derivative",
            "'{0}' has no derivative{3}, and it receives a differentiable value; {4}");

        /// <summary>
        /// What DIFF001 offers: [Differentiable] only for a method of the user's own source, which a library method
        /// (<c>Math.ScaleB</c>) is not.
        /// </summary>
        public static string NoDerivativeWayOut(string displayName, string type, string name, bool inSource) =>
            "mark that parameter [NoDiff], " + (inSource ? "add [Differentiable] to '" + displayName + "', " : string.Empty)
            + "or register a derivative with [DerivativeOf(typeof(" + type + "), nameof(" + type + "." + name + "))]";

        public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
            "DIFF002",
            "Statement cannot be differentiated",
            "DiffGen cannot differentiate a '{0}' statement; move it into a method that is not [Differentiable] and pass its result in as a [NoDiff] value, or restructure it with if/for/while");

        public static readonly DiagnosticDescriptor LambdaCarriesValue = Error(
            "DIFF003",
            "Lambda, delegate or local function carrying a differentiable value",
            "A {0} cannot carry a differentiable value; {1}");

        /// <summary>DIFF003's way out for a lambda, delegate or local function other than a LINQ method's argument.</summary>
        public const string LambdaWayOut = "write it as a [Differentiable] method of the type and call that instead";

        /// <summary>DIFF003's way out for a lambda given to a LINQ method: the loop LINQ runs.</summary>
        public const string LinqLambdaWayOut = "LINQ's methods have no derivative rule (except Sum and Average of a float or double array, or of Enumerable.Range(start, count) over its indices, with a selector that only computes a value); write the loop they run instead ('double s = 0; for (int i = 0; i < n; i++) s += u[i] * v[i];')";

        public static readonly DiagnosticDescriptor AsyncOrIterator = Error(
            "DIFF004",
            "Async method or iterator",
            "'{0}' is {1}; a [Differentiable] method must run to completion synchronously and return its value");

        public static readonly DiagnosticDescriptor WritesState = Error(
            "DIFF005",
            "Write to a field or static state",
            "'{0}' writes to '{1}', which is outside the method; return the value instead, or write it into an array parameter (which gives the method a Pullback)");

        public static readonly DiagnosticDescriptor RefParameter = Error(
            "DIFF006",
            "ref, out or in parameter",
            "Parameter '{0}' is passed by {1}; pass it by value, return the result, or use an array or span parameter");

        public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
            "DIFF007",
            "Return type is not differentiable",
            "'{0}' returns '{1}'; a [Differentiable] method returns double or float, or void when it writes arrays or spans");

        public static readonly DiagnosticDescriptor TypeNotPartial = Error(
            "DIFF008",
            "Containing type is not partial",
            "Type '{0}' must be declared partial so that DiffGen can add '{1}' to it");

        public static readonly DiagnosticDescriptor ResultIsConstant = new(
            "DIFF009",
            "Result does not depend on any differentiable parameter",
            "The result of '{0}' cannot depend on any differentiable parameter, so its gradient is always zero; check for a [NoDiff] or an integer conversion that cuts the dependency",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + "DIFF009.md");

        public static readonly DiagnosticDescriptor UnsupportedMethodShape = Error(
            "DIFF010",
            "Method shape not supported",
            "'{0}' cannot be differentiated: {1}");

        public static readonly DiagnosticDescriptor InvalidRegistration = Error(
            "DIFF011",
            "Invalid [DerivativeOf] registration",
            "[DerivativeOf] on '{0}' is invalid: {1}");

        public static readonly DiagnosticDescriptor UnsafeCode = Error(
            "DIFF012",
            "Unsafe code",
            "Unsafe code and pointers cannot be differentiated; use arrays or spans");

        public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
            "DIFF013",
            "Expression cannot be differentiated",
            "DiffGen cannot differentiate '{0}': {1}");

        public static readonly DiagnosticDescriptor NameCollision = Error(
            "DIFF014",
            "Name collides with a generated adjoint",
            "{0} '{1}' has the name of the generated adjoint parameter for '{2}'; rename it");

        public static readonly DiagnosticDescriptor ModuleNotDifferentiable = Error(
            "DIFF015",
            "Module subclass cannot be differentiated",
            "Module '{0}' must be declared partial and its Forward override marked [Differentiable], so that DiffGen can write the gradient that callers of Module.Forward use");

        /// <summary>DIFF016: <c>{0}</c> the offending code, <c>{1}</c> why it is outside ILGPU's kernel subset or the kernel adjoint, with the way out.</summary>
        public static readonly DiagnosticDescriptor OutsideKernelSubset = Error(
            "DIFF016",
            "Kernel code outside ILGPU's kernel subset",
            "[Kernel] method cannot contain '{0}': {1}");

        /// <summary>DIFF017: the adjoint of <c>{0}</c> scatters into <c>{1}</c> with atomics.</summary>
        public static readonly DiagnosticDescriptor AdjointUsesAtomics = new(
            "DIFF017",
            "Kernel adjoint uses atomic additions",
            "The adjoint kernel of '{0}' adds into '{1}' with Atomic.Add, since other threads may add to the same element: that costs atomics, and float sums become order-dependent (not bit-reproducible from run to run)",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + "DIFF017.md");

        /// <summary>DIFF018: <c>{0}</c> the method; ILGPU (which the DiffGen runtime brings) is not referenced.</summary>
        public static readonly DiagnosticDescriptor KernelNeedsGpuLibrary = Error(
            "DIFF018",
            "[Kernel] needs ILGPU and the DiffGen runtime",
            "[Kernel] method '{0}' needs ILGPU: add a reference to the DiffGen package or the Diff.Runtime project (which brings ILGPU), or remove [Kernel] and mark the method [Differentiable] to differentiate it on the CPU");

        /// <summary>DIFF019: <c>{0}</c> the tensor op, <c>{1}</c> its type, <c>{2}</c> its name, <c>{3}</c> the method whose tangent needs it.</summary>
        public static readonly DiagnosticDescriptor NoTangent = new(
            "DIFF019",
            "Tensor op with no registered tangent",
            "'{0}' has a backward but no tangent rule, so the forward-mode companion '{3}Tangent' throws NotSupportedException; register one with [TangentOf(typeof({1}), nameof({2}))] beside its backward",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + "DIFF019.md");

        /// <summary>DIFF020: <c>{0}</c> the method, <c>{1}</c> the companion it would get, <c>{2}</c> the member already declared.</summary>
        public static readonly DiagnosticDescriptor CompanionClash = Error(
            "DIFF020",
            "A member already has a generated companion's name and parameters",
            "'{0}' would get the generated method '{1}', but its type already declares '{2}', which that method would clash with, and the generated file would not compile; rename that member, or the method");

        private static DiagnosticDescriptor Error(string id, string title, string message) => new(
            id,
            title,
            message,
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + id + ".md");

        public static DiagnosticDescriptor? Find(string id) => id switch
        {
            "DIFF001" => NoDerivative,
            "DIFF002" => UnsupportedStatement,
            "DIFF003" => LambdaCarriesValue,
            "DIFF004" => AsyncOrIterator,
            "DIFF005" => WritesState,
            "DIFF006" => RefParameter,
            "DIFF007" => UnsupportedReturnType,
            "DIFF008" => TypeNotPartial,
            "DIFF009" => ResultIsConstant,
            "DIFF010" => UnsupportedMethodShape,
            "DIFF011" => InvalidRegistration,
            "DIFF012" => UnsafeCode,
            "DIFF013" => UnsupportedExpression,
            "DIFF014" => NameCollision,
            "DIFF015" => ModuleNotDifferentiable,
            "DIFF016" => OutsideKernelSubset,
            "DIFF017" => AdjointUsesAtomics,
            "DIFF018" => KernelNeedsGpuLibrary,
            "DIFF019" => NoTangent,
            "DIFF020" => CompanionClash,
            _ => null,
        };

        /// <summary>
        /// Whether an error refuses a method's declaration (async or an iterator, a <c>ref</c> parameter, its return
        /// type, a containing type that is not partial, its shape, unsafe code, a companion's signature already taken)
        /// rather than code in its body. A method refused only for its body still gets its companions, as stand-ins that
        /// throw (<see cref="Emit.RefusedEmitter"/>), so that code calling them compiles; one whose declaration is
        /// refused gets none, since their signatures could not be written (or, for DIFF020, would clash again).
        /// </summary>
        public static bool IsAboutDeclaration(string id) =>
            id == AsyncOrIterator.Id || id == RefParameter.Id || id == UnsupportedReturnType.Id || id == TypeNotPartial.Id
            || id == UnsupportedMethodShape.Id || id == UnsafeCode.Id || id == CompanionClash.Id;

        public static readonly DiagnosticDescriptor[] All =
        {
            NoDerivative, UnsupportedStatement, LambdaCarriesValue, AsyncOrIterator, WritesState, RefParameter,
            UnsupportedReturnType, TypeNotPartial, ResultIsConstant, UnsupportedMethodShape, InvalidRegistration,
            UnsafeCode, UnsupportedExpression, NameCollision, ModuleNotDifferentiable, OutsideKernelSubset,
            AdjointUsesAtomics, KernelNeedsGpuLibrary, NoTangent, CompanionClash,
        };
    }
}
