using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Differentiate;
using Diff.Generator.Lowering;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Diff.Generator.Rules;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Binds calls that Parse could not bind by itself to the compilation's [DerivativeOf]
    /// registrations. A call left without a derivative is an error (DIFF001) when an argument is
    /// active, and plain constant code when none is; so is a call of a [Differentiable] method whose
    /// declaration is refused, so that it has no companions (DIFF013, which names that method's error).
    /// </summary>
    internal sealed class CallResolution : StatementRewriter
    {
        private readonly Dictionary<string, string> _registrations;
        private readonly HashSet<string> _active;
        private readonly List<DiagnosticInfo> _diagnostics;

        public CallResolution(Dictionary<string, string> registrations, HashSet<string> active, List<DiagnosticInfo> diagnostics)
        {
            _registrations = registrations;
            _active = active;
            _diagnostics = diagnostics;
        }

        protected override IEnumerable<Stmt> RewriteStatement(Stmt stmt)
        {
            if (stmt is CallStmt call)
            {
                Expr resolved = Resolve(call.Call);
                return resolved is UserCallExpr user
                    ? new Stmt[] { call with { Call = user } }
                    : new Stmt[] { InactiveStmt.Host(call.Call.FallbackCode + ";", EquatableArray<string>.Empty) };
            }

            return base.RewriteStatement(stmt);
        }

        protected override IEnumerable<Stmt> RewriteAssign(AssignStmt assign) => new Stmt[] { assign with { Value = Resolve(assign.Value) } };

        private Expr Resolve(Expr expr)
        {
            switch (expr)
            {
                case UserCallExpr call:
                {
                    UserCallExpr withArgs = call with { Args = call.Args.Select(a => a with { Value = Resolve(a.Value) }).ToEquatableArray() };
                    if (call.Args.Where(a => a.CalleeWrites).Select(AdjointWriter.HeldBuffer)
                            .FirstOrDefault(held => held is { } h && SymbolFacts.IsFloating(h.Element) && _active.Contains(h.Name)) is { Name: var buffer })
                    {
                        // What the callee writes there carries no derivative ([NoDiff]), but the buffer's old values did: the
                        // reverse sweep would give their adjoints to what they were computed from.
                        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, call.Location, call.FallbackCode,
                            "it gives the differentiable buffer '" + buffer + "' to a [NoDiff] parameter of '" + call.DisplayName
                            + "', which may write it with values that carry no derivative; pass a scratch array that holds only constants, or remove [NoDiff] from that parameter"));
                    }

                    if (withArgs.AdjointMethod.Length > 0)
                    {
                        return withArgs;
                    }

                    if (_registrations.TryGetValue(call.RegistrationKey, out string? adjoint))
                    {
                        return withArgs with { AdjointMethod = adjoint };
                    }

                    if (withArgs.Args.Any(a => a.Role != ArgRole.Constant && ActivityAnalysis.IsActive(a.Value, _active)))
                    {
                        if (call.WithoutCompanions.Length > 0)
                        {
                            // The callee's own error is the one to fix; its derivative cannot be asked for meanwhile.
                            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, call.Location, call.FallbackCode,
                                "'" + call.DisplayName + "' gets no generated derivative, since " + call.WithoutCompanions + "; fix that error first"));
                            return new ValueExpr(new HostValue(call.FallbackCode, IrType.Of(call.Kind), EquatableArray<string>.Empty, EquatableArray<string>.Empty, Pure: false, Primary: true), call.Kind);
                        }

                        int dot = call.DisplayName.LastIndexOf('.');
                        string type = dot < 0 ? "T" : call.DisplayName.Substring(0, dot);
                        string name = dot < 0 ? call.DisplayName : call.DisplayName.Substring(dot + 1);
                        string? refusal = DerivativeTable.RefusalForKey(call.RegistrationKey)
                            ?? (name == "Sort" && type is "Array" or "MemoryExtensions"
                                ? "it reorders the differentiable buffer; write the sort as a loop instead, an insertion sort say, whose comparisons and moves are differentiated as written"
                                : null);
                        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoDerivative, call.Location, call.DisplayName, type, name, refusal is null ? string.Empty : " (" + refusal + ")",
                            DiagnosticDescriptors.NoDerivativeWayOut(call.DisplayName, type, name, call.CalleeIsInSource)));
                        return new ValueExpr(new HostValue(call.FallbackCode, IrType.Of(call.Kind), EquatableArray<string>.Empty, EquatableArray<string>.Empty, Pure: false, Primary: true), call.Kind);
                    }

                    // No argument is active: the call only runs forward. It stays a call (not its source
                    // text) because lowering may have moved arguments with side effects into locals.
                    return withArgs;
                }

                case NegateExpr negate:
                    return negate with { Operand = Resolve(negate.Operand) };
                case BinaryExpr binary:
                    return binary with { Left = Resolve(binary.Left), Right = Resolve(binary.Right) };
                case ConvertExpr convert:
                    return convert with { Operand = Resolve(convert.Operand) };
                case IntrinsicCallExpr intrinsic:
                    return intrinsic with { Args = intrinsic.Args.Select(Resolve).ToEquatableArray() };
                default:
                    return expr;
            }
        }
    }
}
