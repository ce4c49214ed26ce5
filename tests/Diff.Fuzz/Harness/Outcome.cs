using System.Collections.Generic;

namespace Diff.Fuzz.Harness
{
    /// <summary>What happened to one program. <see cref="Class"/> is null when every check passed.</summary>
    public sealed record Outcome(ProgramSource Source, string Seed, string? Class, string Detail, bool Skipped = false)
    {
        /// <summary>How many <c>MJacobian</c> companions were checked (<see cref="JacobianCheck"/>), and how many of them had more than eight rows or columns.</summary>
        public int Jacobians { get; init; }

        /// <inheritdoc cref="Jacobians"/>
        public int WideJacobians { get; init; }

        /// <summary>Whether the class is a refusal (a DIFF error) rather than a wrong result.</summary>
        public bool IsRefusal => Class?.StartsWith("refused:", System.StringComparison.Ordinal) == true;

        /// <summary>Whether the fuzzer itself is at fault (the program does not compile without the generator).</summary>
        public bool IsFuzzerBug => Class?.StartsWith("fuzzer-bug", System.StringComparison.Ordinal) == true;
    }

    /// <summary>Failure classes.</summary>
    public static class FailureClass
    {
        public const string GeneratorCrash = "generator-crash";
        public const string GeneratedCodeError = "cs-error-in-generated";
        public const string MissingGradient = "missing-gradient";
        public const string WrongGradient = "wrong-gradient";
        public const string WrongTangent = "wrong-tangent";
        public const string WrongHessianVector = "wrong-hessian-vector";

        /// <summary><c>MJacobian</c> disagrees with the rows of <c>MPullback</c> or the columns of <c>MTangent</c>, or leaves the buffers otherwise than one call.</summary>
        public const string WrongJacobian = "wrong-jacobian";
        public const string WrongValue = "wrong-value";
        public const string NotAccumulating = "not-accumulating";
        public const string GradientThrows = "gradient-throws";
        public const string FuzzerBug = "fuzzer-bug";
        public const string Hang = "hang";

        /// <summary>Classes that are never a generator bug and must not count as findings.</summary>
        public static readonly IReadOnlyCollection<string> HarnessClasses = new[] { FuzzerBug };
    }
}
