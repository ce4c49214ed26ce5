using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Diff.Generator.Analyse;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Diff.Generator.Diagnostics
{
    /// <summary>
    /// Reports every DIFF diagnostic, live in the IDE and in the build. It runs the generator's own
    /// Parse and Analyse phases, so the errors are exactly the ones that stop code generation; the
    /// generator itself reports nothing, which keeps each error from appearing twice.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DifferentiableAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All.ToImmutableArray();

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                // The generator's bindings, where they hold for this compilation: in a build, the methods need no second binding.
                BindingHandoff? handoff = BindingHandoff.For(start.Compilation);
                INamedTypeSymbol? FindType(string metadataName) =>
                    handoff is not null && handoff.TryFindType(metadataName, out INamedTypeSymbol? type) ? type : start.Compilation.GetTypeByMetadataName(metadataName);

                INamedTypeSymbol? differentiable = FindType(SymbolFacts.DifferentiableAttribute);
                INamedTypeSymbol? derivativeOf = FindType(SymbolFacts.DerivativeOfAttribute);
                if (differentiable is null)
                {
                    return;
                }

                var registrations = new Lazy<ImmutableArray<DerivativeRegistration>>(
                    () => CollectRegistrations(start.Compilation, derivativeOf, handoff, start.CancellationToken),
                    LazyThreadSafetyMode.ExecutionAndPublication);
                INamedTypeSymbol? kernel = FindType(SymbolFacts.KernelAttribute);

                // One action per method for both attributes: the compiler times each action it runs, while it compiles the
                // rest of the project beside it, and every run costs the driver's bookkeeping as well as the action itself.
                start.RegisterSyntaxNodeAction(
                    node =>
                    {
                        var syntax = (MethodDeclarationSyntax)node.Node;
                        if (syntax.AttributeLists.Count == 0 || handoff is not null && handoff.SettledWithoutDiagnostics(syntax))
                        {
                            return;
                        }

                        if (node.SemanticModel.GetDeclaredSymbol(syntax, node.CancellationToken) is not IMethodSymbol method)
                        {
                            return;
                        }

                        AnalyzeMethod(node, syntax, method, differentiable, derivativeOf, registrations, handoff);
                        if (kernel is not null)
                        {
                            AnalyzeKernel(node, syntax, method, kernel, registrations);
                        }
                    },
                    SyntaxKind.MethodDeclaration);

                start.RegisterSyntaxNodeAction(node => AnalyzeLocalFunction(node, differentiable), SyntaxKind.LocalFunctionStatement);

                start.RegisterSyntaxNodeAction(
                    node => AnalyzeTypeDeclaration(node, differentiable, kernel),
                    SyntaxKind.ClassDeclaration,
                    SyntaxKind.StructDeclaration,
                    SyntaxKind.RecordDeclaration,
                    SyntaxKind.RecordStructDeclaration);

                if (FindType(TensorFacts.Module) is { } module)
                {
                    start.RegisterSymbolAction(symbol => AnalyzeModuleType(symbol, module, differentiable), SymbolKind.NamedType);
                }
            });
        }

        /// <summary>
        /// [Differentiable] on a local function: the generator writes companions for methods of a type only, so the
        /// attribute would do nothing, and a call of the function is then refused with no word about why (DIFF010).
        /// </summary>
        private static void AnalyzeLocalFunction(SyntaxNodeAnalysisContext context, INamedTypeSymbol differentiable)
        {
            var syntax = (LocalFunctionStatementSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0 || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol function)
            {
                return;
            }

            foreach (AttributeData attribute in function.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, differentiable) && attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is { } applied)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnsupportedMethodShape,
                        applied.GetLocation(),
                        function.Name,
                        "[Differentiable] has no effect on a local function; make it a static method of the partial type, marked [Differentiable], and call that"));
                }
            }
        }

        private static void AnalyzeMethod(
            SyntaxNodeAnalysisContext context,
            MethodDeclarationSyntax syntax,
            IMethodSymbol method,
            INamedTypeSymbol differentiable,
            INamedTypeSymbol? derivativeOf,
            Lazy<ImmutableArray<DerivativeRegistration>> registrations,
            BindingHandoff? handoff)
        {
            // One pass over the attributes, without LINQ: this runs for every method that has any.
            ImmutableArray<AttributeData> attributes = method.GetAttributes();
            bool isDifferentiable = false;
            ImmutableArray<AttributeData>.Builder? registered = null;
            foreach (AttributeData attribute in attributes)
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, differentiable))
                {
                    isDifferentiable = true;
                }
                else if (derivativeOf is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, derivativeOf))
                {
                    (registered ??= ImmutableArray.CreateBuilder<AttributeData>()).Add(attribute);
                }
            }

            if (registered is not null)
            {
                Report(context, RegistrationFinder.Read(new GeneratorAttributeSyntaxContextLike(syntax, method, registered.ToImmutable()), context.CancellationToken).Diagnostics);
            }

            if (!isDifferentiable)
            {
                return;
            }

            bool analysedWithoutDiagnostics = false;
            if (handoff is not null && handoff.TryTake(syntax, out Result<BoundMethod> bound))
            {
                analysedWithoutDiagnostics = handoff.AnalysedWithoutDiagnostics(syntax);
            }
            else
            {
                bound = MethodBinder.Bind(syntax, method, context.SemanticModel, context.CancellationToken, checkCompileErrors: false, offerInlining: false);
            }

            Report(context, bound.Diagnostics);
            if (!analysedWithoutDiagnostics && bound.Value is { Mode: MethodMode.Scalar, Scalar: { } scalar } && !bound.HasErrors)
            {
                Report(context, NeverThrow.Analyse(scalar, registrations.Value, diagnosticsOnly: true).Diagnostics);
            }
        }

        /// <summary>
        /// A [Kernel] method: the binder's errors (the kernel subset), then the kernel transform's refusals
        /// (a value the reverse sweep would have to record inside a loop), each at its statement, and an
        /// info diagnostic for each adjoint that needs atomics.
        /// </summary>
        private static void AnalyzeKernel(
            SyntaxNodeAnalysisContext context,
            MethodDeclarationSyntax syntax,
            IMethodSymbol method,
            INamedTypeSymbol kernel,
            Lazy<ImmutableArray<DerivativeRegistration>> registrations)
        {
            if (!method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, kernel)))
            {
                return;
            }

            Result<BoundMethod> bound = MethodBinder.BindKernel(syntax, method, context.SemanticModel, context.CancellationToken, checkCompileErrors: false);
            Report(context, bound.Diagnostics);
            if (bound.HasErrors || bound.Value?.Scalar is not { } scalar)
            {
                return;
            }

            if (scalar.Kernel is { Type: KernelIndex.Grid } && registrations.Value.Any(r => r.TargetKey == scalar.RegistrationKey))
            {
                // Its registered backward stands in for the adjoint.
                return;
            }

            if (scalar.Kernel is { Type: KernelIndex.Explicit })
            {
                // Group operations the adjoint does not reverse: the body is ILGPU's as written, and a registered backward is the adjoint.
                if (!registrations.Value.Any(r => r.TargetKey == scalar.RegistrationKey))
                {
                    string type = method.ContainingType.Name;
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.OutsideKernelSubset,
                        syntax.Identifier.GetLocation(),
                        method.Name,
                        $"an explicitly grouped kernel is differentiated when its only group operations are Group.Barrier() statements at the top level of its body and SharedMemory.Allocate<float or double>(constant) locals declared there; this one synchronises or shares memory some other way (a barrier inside a loop or a branch, warp or group collectives, dynamic shared memory), so register its backward with [DerivativeOf(typeof({type}), nameof({type}.{method.Name}))] on a static void method taking an Accelerator, the KernelConfig, the kernel's parameters, then an ArrayView adjoint per differentiable view and scalar. For a tiled matrix product C = A·B, the backward launches dA += dC·Bᵀ and dB += Aᵀ·dC"));
                }

                return;
            }

            Result<AnalysedMethod> analysed = NeverThrow.Analyse(scalar, ImmutableArray<DerivativeRegistration>.Empty);
            Report(context, analysed.Diagnostics);
            if (analysed.HasErrors || analysed.Value is null)
            {
                return;
            }

            Differentiate.KernelAdjoint adjoint;
            try
            {
                adjoint = Differentiate.KernelTransform.Write(analysed.Value);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The generator's guarded emit writes an #error naming the method; nothing more to say here.
                return;
            }

            int nameLine = syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line;
            foreach (Differentiate.KernelRefusal refusal in adjoint.Refusals)
            {
                SyntaxNode at = StatementAt(syntax, nameLine + refusal.LineOffset, refusal.Source) ?? (SyntaxNode)syntax.Identifier.Parent!;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.OutsideKernelSubset, at is MethodDeclarationSyntax ? syntax.Identifier.GetLocation() : at.GetLocation(), Shorten(at.ToString()), refusal.Reason));
            }

            if (adjoint.Refusals.Count == 0)
            {
                // A stencil's gathered adjoints need no atomics: the launcher runs the gather.
                foreach (string target in adjoint.AtomicTargets.Where(t => !adjoint.Gathers.Any(g => g.ViewAdjoint == t)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AdjointUsesAtomics, syntax.Identifier.GetLocation(), method.Name, target));
                }
            }
        }

        /// <summary>
        /// The statement of the method's body that starts on <paramref name="line"/> and reads as
        /// <paramref name="source"/> (the IR keeps each statement's source, without its semicolon); failing
        /// that, the innermost statement on the line.
        /// </summary>
        private static SyntaxNode? StatementAt(MethodDeclarationSyntax syntax, int line, string source)
        {
            SyntaxNode? body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
            SyntaxNode[] candidates = body?.DescendantNodes()
                .Where(n => n is StatementSyntax and not BlockSyntax || n is ArrowExpressionClauseSyntax)
                .Where(n => n.GetLocation().GetLineSpan().StartLinePosition.Line == line)
                .OrderBy(n => n.Span.Length)
                .ToArray() ?? Array.Empty<SyntaxNode>();
            return candidates.FirstOrDefault(n => source.Length > 0 && n.ToString().TrimEnd(';').Trim() == source)
                   ?? candidates.FirstOrDefault();
        }

        private static string Shorten(string text)
        {
            text = text.Replace('\r', ' ').Replace('\n', ' ').Trim();
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }

        /// <summary>
        /// The compilation's valid [DerivativeOf] registrations. An analyzer may not ask the compilation
        /// for semantic models (RS1030: that defeats the compiler's caching), so a cheap syntax pass
        /// names the candidate methods and the compilation's declaration table finds their symbols. With a
        /// handoff, only the trees the generator saw are walked: it finds its registrations there too, and the
        /// generated files added since (thousands of lines each) hold none.
        /// </summary>
        private static ImmutableArray<DerivativeRegistration> CollectRegistrations(Compilation compilation, INamedTypeSymbol? derivativeOf, BindingHandoff? handoff, CancellationToken cancellationToken)
        {
            if (derivativeOf is null)
            {
                return ImmutableArray<DerivativeRegistration>.Empty;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (handoff is not null && !handoff.SawTree(tree))
                {
                    continue;
                }

                // Methods are members of types: the walk never enters a member's body.
                foreach (MethodDeclarationSyntax syntax in tree.GetRoot(cancellationToken)
                    .DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                    .OfType<MethodDeclarationSyntax>())
                {
                    if (syntax.AttributeLists.Count > 0 && NamesDerivativeOf(syntax.AttributeLists))
                    {
                        names.Add(syntax.Identifier.ValueText);
                    }
                }
            }

            var result = ImmutableArray.CreateBuilder<DerivativeRegistration>();
            if (names.Count == 0)
            {
                return result.ToImmutable();
            }

            foreach (IMethodSymbol method in compilation.GetSymbolsWithName(names.Contains, SymbolFilter.Member, cancellationToken).OfType<IMethodSymbol>())
            {
                ImmutableArray<AttributeData> registered = method.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, derivativeOf)).ToImmutableArray();
                if (registered.Length == 0)
                {
                    continue;
                }

                foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax
                        && RegistrationFinder.Read(new GeneratorAttributeSyntaxContextLike(syntax, method, registered), cancellationToken).Value is { } registration)
                    {
                        result.Add(registration);
                        break;
                    }
                }
            }

            return result.ToImmutable();
        }

        /// <summary>
        /// Whether an attribute's name contains "DerivativeOf", read from its tokens: the walk sees every method of
        /// every tree, the generated ones included, and the name's text (<c>Name.ToString()</c>) built a string for
        /// each of their attributes. The word holds no punctuation, so wherever it occurs in the name's text it lies
        /// within one token (trivia inside a name, a comment for instance, is the only text left out, and a candidate
        /// only names methods whose attributes are then checked by symbol).
        /// </summary>
        private static bool NamesDerivativeOf(SyntaxList<AttributeListSyntax> lists)
        {
            foreach (AttributeListSyntax list in lists)
            {
                foreach (AttributeSyntax attribute in list.Attributes)
                {
                    if (attribute.Name is SimpleNameSyntax simple)
                    {
                        if (simple.Identifier.Text.Contains("DerivativeOf"))
                        {
                            return true;
                        }

                        if (simple is not GenericNameSyntax)
                        {
                            continue;
                        }
                    }

                    foreach (SyntaxToken token in attribute.Name.DescendantTokens())
                    {
                        if (token.Text.Contains("DerivativeOf"))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// DIFF008, once per non-partial type that holds a [Differentiable] or [Kernel] method (directly or in a
        /// nested type). The parsers find the same condition for each method, but a diagnostic at a
        /// type's name reported while analysing a method lies outside that method, which makes it a
        /// non-local diagnostic: the IDE then offers no code fix for it. Reported here, it is local.
        /// </summary>
        private static void AnalyzeTypeDeclaration(SyntaxNodeAnalysisContext context, INamedTypeSymbol differentiable, INamedTypeSymbol? kernel)
        {
            var type = (TypeDeclarationSyntax)context.Node;
            if (type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return;
            }

            foreach (MethodDeclarationSyntax syntax in type.DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (syntax.AttributeLists.Count == 0
                    || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method)
                {
                    continue;
                }

                bool isKernel = kernel is not null && method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, kernel));
                if (!isKernel && !method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, differentiable)))
                {
                    continue;
                }

                string companion = method.Name + (isKernel ? "Adjoint" : !TensorFacts.IsTensorMethod(method) && method.ReturnsVoid ? "Pullback" : "Gradient");
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, companion));
                return;
            }
        }

        /// <summary>
        /// DIFF015: a concrete subclass of Module whose Forward override is not [Differentiable]. The
        /// generator writes Module's gradient halves as abstract members, so such a class would otherwise
        /// fail with a compiler error (CS0534) about members the user never wrote.
        /// </summary>
        private static void AnalyzeModuleType(SymbolAnalysisContext context, INamedTypeSymbol module, INamedTypeSymbol differentiable)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind != TypeKind.Class || type.IsAbstract || !DerivesFrom(type, module))
            {
                return;
            }

            foreach (IMethodSymbol forward in type.GetMembers("Forward").OfType<IMethodSymbol>())
            {
                if (!forward.IsOverride || !OverridesMember(forward, module) || forward.IsImplicitlyDeclared)
                {
                    continue;
                }

                if (forward.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, differentiable)))
                {
                    continue;
                }

                Location? at = forward.DeclaringSyntaxReferences.Length > 0
                    ? (forward.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken).Parent as TypeDeclarationSyntax)?.Identifier.GetLocation()
                    : null;
                if (at is not null && at.IsInSource)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ModuleNotDifferentiable, at, type.Name));
                }
            }
        }

        private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
        {
            for (INamedTypeSymbol? t = type.BaseType; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool OverridesMember(IMethodSymbol method, INamedTypeSymbol owner)
        {
            for (IMethodSymbol? m = method.OverriddenMethod; m is not null; m = m.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(m.ContainingType?.OriginalDefinition, owner))
                {
                    return true;
                }
            }

            return false;
        }

        private static void Report(SyntaxNodeAnalysisContext context, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
            {
                if (diagnostic.Id == DiagnosticDescriptors.TypeNotPartial.Id)
                {
                    // Reported from the type's own declaration (AnalyzeTypeDeclaration), where it is local.
                    continue;
                }

                context.ReportDiagnostic(diagnostic.ToDiagnostic(context.Node.SyntaxTree));
            }
        }
    }
}
