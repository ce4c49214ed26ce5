using System.Collections.Immutable;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Diagnostics;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Diff.Generator.Scheduling;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator
{
    /// <summary>
    /// The composition root: Find → Bind (the mode is decided here, once) → Analyse (with the
    /// compilation's [DerivativeOf] registrations) → Differentiate and Emit. A method with an error gets no adjoint;
    /// <see cref="Diagnostics.DifferentiableAnalyzer"/> reports the error, from the same phases. When the error is in its
    /// body, its companions are written as stand-ins that throw (<see cref="RefusedEmitter"/>), so that the code calling
    /// them still compiles and the build reports the DIFF error alone.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class DifferentiableGenerator : IIncrementalGenerator
    {
        private readonly bool _recomputePartials;
        private readonly bool _oneThread;

        /// <summary>The generator as the compiler loads it.</summary>
        public DifferentiableGenerator()
        {
        }

        /// <summary>
        /// For the fuzzer: with <paramref name="recomputePartials"/>, every method's reverse sweep computes
        /// partials again wherever it can, as kernels' do, so that random programs check that policy too. For the
        /// tests: with <paramref name="oneThread"/>, every phase runs on the driver's thread, one method after another
        /// (<see cref="BindAhead{T}"/> and <see cref="EmitAhead"/> off), which must write the same files.
        /// </summary>
        internal DifferentiableGenerator(bool recomputePartials = false, bool oneThread = false)
        {
            _recomputePartials = recomputePartials;
            _oneThread = oneThread;
        }

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // One pass over the [Differentiable] methods: the binder decides each method's mode and
            // builds its IR; the method's position travels beside it, apart, so that moving a method
            // changes only the positions (see LineDirectives) and every later step stays cached.
            // The binding runs ahead on a helper thread (BindAhead), and so do the analysis and emission of each bound
            // model (EmitAhead), except where the pipeline rewrites the model after binding (the fuzzer's policy switch).
            // The helper only binds: what a binding is offered to (the analyzer, EmitAhead) is decided on the driver's
            // thread, for the methods the driver asks about.
            bool recomputePartials = _recomputePartials;
            bool emitAhead = !recomputePartials && !_oneThread;
            BindAhead<Binding>? bindAhead = _oneThread ? null : new BindAhead<Binding>(Bind, static (symbol, syntax) => IsDifferentiableHere(symbol, syntax));
            IncrementalValuesProvider<BindingOutput> bindings = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    SymbolFacts.DifferentiableAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    (ctx, ct) =>
                    {
                        var syntax = (MethodDeclarationSyntax)ctx.TargetNode;
                        var symbol = (IMethodSymbol)ctx.TargetSymbol;
                        Binding binding = bindAhead is null ? Bind(syntax, symbol, ctx.SemanticModel, ct) : bindAhead.Bind(syntax, symbol, ctx.SemanticModel, ct);
                        return Offer(binding, syntax, symbol, ctx.SemanticModel.Compilation, emitAhead, ct);
                    });

            IncrementalValuesProvider<Result<BoundMethod>> bindResults = bindings
                .Select(static (b, _) => b.Method)
                .WithTrackingName(StepNames.Bind);
            IncrementalValuesProvider<BoundMethod> bound = bindResults
                .Where(static r => r.Value is not null && !r.HasErrors)
                .Select((r, _) => recomputePartials && r.Value!.Scalar is { } scalar ? r.Value with { Scalar = scalar with { RecomputesPartials = true } } : r.Value!);

            IncrementalValueProvider<ImmutableArray<MethodPosition>> positions = bindings
                .Select(static (b, _) => b.Position)
                .WithTrackingName(StepNames.Positions)
                .Collect();

            IncrementalValueProvider<ImmutableArray<Result<DerivativeRegistration>>> registrations = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    SymbolFacts.DerivativeOfAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => RegistrationFinder.Read(new GeneratorAttributeSyntaxContextLike(ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol, ctx.Attributes), ct))
                .WithTrackingName(StepNames.Registrations)
                .Collect();

            IncrementalValueProvider<EquatableArray<DerivativeRegistration>> validRegistrations = registrations
                .Select(static (all, _) => all.Where(r => r.Value is not null).Select(r => r.Value!).ToEquatableArray());

            // The first output, so that the driver finds the registrations before it binds any method: the analyses
            // started while binding (EmitAhead) then use the registrations the analyse step will be given.
            context.RegisterSourceOutput(validRegistrations.Combine(context.CompilationProvider), static (_, pair) => EmitAhead.Expect(pair.Right, pair.Left));

            // Scalar mode: Analyse (with the compilation's [DerivativeOf] registrations), then Emit.
            IncrementalValuesProvider<Result<AnalysedMethod>> analysed = bound
                .Where(static m => m.Mode == MethodMode.Scalar)
                .Combine(validRegistrations)
                .Select(static (pair, _) => BindingHandoff.Analysed(pair.Left.Scalar!, EmitAhead.Analyse(pair.Left.Scalar!, pair.Right)))
                .WithTrackingName(StepNames.Analyse);
            IncrementalValuesProvider<GeneratedSource> scalarSources = analysed
                .Where(static r => r.Value is not null && !r.HasErrors)
                .Select(static (r, _) => EmitAhead.Emit(r.Value!))
                .WithTrackingName(StepNames.Emit);

            // Tensor mode: the ops' derivatives are registered in the ops' own types, which the binder
            // looks up directly; the same lowering of early exits, then the value-stack recording.
            IncrementalValuesProvider<GeneratedSource> tensorSources = bound
                .Where(static m => m.Mode == MethodMode.Tensor)
                .Select(static (m, _) => NeverThrow.AnalyseTensor(m.Tensor!))
                .WithTrackingName(StepNames.AnalyseTensor)
                .Where(static r => r.Value is not null && !r.HasErrors)
                .Select(static (r, _) => NeverThrow.Emit(r.Value!.HintName, r.Value.Name, () => TensorSourceEmitter.Emit(r.Value)))
                .WithTrackingName(StepNames.EmitTensor);

            // Kernel mode: scalar mode's IR and reverse transform, printed as an adjoint kernel, host twins and,
            // with the runtime's launch helpers (Diff.Gpu.LaunchChecks) referenced, a launcher.
            IncrementalValuesProvider<BindingOutput> kernelBindings = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    SymbolFacts.KernelAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => new BindingOutput(
                        WithoutLocations(MethodBinder.BindKernel((MethodDeclarationSyntax)ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol, OwnModel(ctx.TargetNode, ctx.SemanticModel), ct, otherBodies: ctx.SemanticModel)),
                        Position((MethodDeclarationSyntax)ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol)));
            IncrementalValueProvider<ImmutableArray<MethodPosition>> kernelPositions = kernelBindings
                .Select(static (b, _) => b.Position)
                .Collect();
            IncrementalValueProvider<bool> hasGpuLibrary = context.CompilationProvider
                .Select(static (compilation, _) => compilation.GetTypeByMetadataName(SymbolFacts.GpuLaunchChecks) is not null);
            IncrementalValuesProvider<GeneratedSource> kernelSources = kernelBindings
                .Select(static (b, _) => b.Method)
                .WithTrackingName(StepNames.BindKernel)
                .Where(static r => r.Value?.Scalar is not null && !r.HasErrors)
                .Select(static (r, _) => NeverThrow.Analyse(r.Value!.Scalar!, ImmutableArray<DerivativeRegistration>.Empty))
                .WithTrackingName(StepNames.AnalyseKernel)
                .Where(static r => r.Value is not null && !r.HasErrors)
                .Combine(hasGpuLibrary)
                .Combine(validRegistrations)
                .Select(static (pair, _) => NeverThrow.Emit(
                    pair.Left.Left.Value!.Method.HintName,
                    pair.Left.Left.Value.Method.Name,
                    () => KernelEmitter.Emit(pair.Left.Left.Value, pair.Left.Right, pair.Right)))
                .WithTrackingName(StepNames.EmitKernel)
                .Where(static source => source.Text.Length > 0);
            context.RegisterSourceOutput(kernelSources.Combine(kernelPositions), static (spc, pair) => AddSource(spc, pair.Left, pair.Right));

            context.RegisterSourceOutput(scalarSources.Combine(positions), static (spc, pair) => AddSource(spc, pair.Left, pair.Right));
            context.RegisterSourceOutput(tensorSources.Combine(positions), static (spc, pair) => AddSource(spc, pair.Left, pair.Right));

            // Refused methods (either mode, while binding; scalar mode, while analysing): when the error is in the body, the
            // companions are still written, as stand-ins that throw, so that the code calling them compiles and the DIFF
            // error is all the build reports. They have no statements to map to the user's lines.
            IncrementalValuesProvider<RefusedMethod> refusedWhileBinding = bindResults
                .Where(static r => r.HasErrors)
                .Select(static (r, _) => RefusedEmitter.Refused(r.Value, r.Diagnostics))
                .Where(static m => m is not null)
                .Select(static (m, _) => m!);
            IncrementalValuesProvider<RefusedMethod> refusedWhileAnalysing = analysed
                .Where(static r => r.HasErrors)
                .Select(static (r, _) => RefusedEmitter.Refused(r.Value is null ? null : new BoundMethod(MethodMode.Scalar, r.Value.Method, null), r.Diagnostics))
                .Where(static m => m is not null)
                .Select(static (m, _) => m!);
            foreach (IncrementalValuesProvider<RefusedMethod> refused in new[] { refusedWhileBinding, refusedWhileAnalysing })
            {
                IncrementalValuesProvider<GeneratedSource> standIns = refused
                    .Select(static (m, _) => NeverThrow.Emit(m.HintName, m.Name, () => RefusedEmitter.Emit(m)))
                    .WithTrackingName(StepNames.EmitRefused);
                context.RegisterSourceOutput(standIns, static (spc, source) => spc.AddSource(source.HintName, source.Text));
            }

            // Diagnostics are reported by DifferentiableAnalyzer, which runs the same binder and phases.
        }

        private static MethodPosition Position(MethodDeclarationSyntax syntax, IMethodSymbol method)
        {
            FileLinePositionSpan span = syntax.Identifier.GetLocation().GetLineSpan();
            return new MethodPosition(MethodParser.HintName(method, MethodParser.ContainingTypes(syntax)) + ".g.cs", span.Path ?? string.Empty, span.StartLinePosition.Line);
        }

        private static void AddSource(SourceProductionContext context, GeneratedSource source, ImmutableArray<MethodPosition> positions)
        {
            MethodPosition? position = null;
            foreach (MethodPosition candidate in positions)
            {
                if (candidate.HintName == source.HintName)
                {
                    position = candidate;
                    break;
                }
            }

            context.AddSource(source.HintName, LineDirectives.ResolveText(source.Text, position?.FilePath, position?.Line ?? 0));
        }

        /// <summary>
        /// Binds a [Differentiable] method: the model with its locations, for the analyzer, and the location-free model the
        /// pipeline goes on with. Runs on the driver's thread or on <see cref="BindAhead{T}"/>'s helper, and changes nothing.
        /// </summary>
        private static Binding Bind(MethodDeclarationSyntax syntax, IMethodSymbol symbol, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            Result<BoundMethod> bound = MethodBinder.Bind(syntax, symbol, OwnModel(syntax, model), cancellationToken, otherBodies: model);
            return new Binding(bound, WithoutLocations(bound), Position(syntax, symbol));
        }

        /// <summary>
        /// A semantic model of the method's file for binding this method alone. The driver hands every method of a file
        /// the same model, which keeps every body it binds until the generator is done, so that each collection during the
        /// run copies them all again: with the compiler server's collector, the pauses were a tenth of the generator's time.
        /// Bound in a model of its own, a body is garbage once the method is parsed. The answers are the same: a semantic
        /// model is a view of the compilation, and while generators run the compiler makes a new one for each request
        /// anyway (it caches models only for the analyzers, later). The helpers' bodies a method reads are still bound through
        /// the driver's shared model (<see cref="Parse.SemanticQueries.OtherBodiesModel"/>): every caller in a file reads the
        /// same few, and that binds them once per file.
        /// </summary>
        private static SemanticModel OwnModel(SyntaxNode method, SemanticModel shared) =>
            shared.Compilation.GetSemanticModel(method.SyntaxTree);

        /// <summary>
        /// On the driver's thread: offers the binding, with its locations, to the analyzer (<see cref="BindingHandoff"/>),
        /// and a scalar method's model to <see cref="EmitAhead"/>.
        /// </summary>
        /// <param name="emitAhead">Whether to hand a scalar method's model to the helper, to analyse and emit.</param>
        private static BindingOutput Offer(Binding binding, MethodDeclarationSyntax syntax, IMethodSymbol symbol, Compilation compilation, bool emitAhead, System.Threading.CancellationToken cancellationToken)
        {
            Result<BoundMethod> withoutLocations = binding.WithoutLocations;
            BindingHandoff.Offer(compilation, syntax, binding.Bound, withoutLocations.Value?.Scalar, onlyDifferentiable: !HasDiffAttribute(symbol, "DerivativeOfAttribute") && !HasDiffAttribute(symbol, "KernelAttribute"));
            if (emitAhead && !withoutLocations.HasErrors && withoutLocations.Value is { Mode: MethodMode.Scalar, Scalar: { } scalar })
            {
                EmitAhead.Start(scalar, compilation, cancellationToken);
            }

            return new BindingOutput(withoutLocations, binding.Position);
        }

        /// <summary>
        /// Whether this declaration of <paramref name="symbol"/> carries [Differentiable] itself, as the declarations the
        /// compiler hands the generator do: the parts of a partial method share their attributes.
        /// </summary>
        private static bool IsDifferentiableHere(IMethodSymbol symbol, MethodDeclarationSyntax syntax)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "DifferentiableAttribute", ContainingNamespace: { Name: "Diff", ContainingNamespace.IsGlobalNamespace: true } }
                    && attribute.ApplicationSyntaxReference is { } applied
                    && applied.SyntaxTree == syntax.SyntaxTree
                    && syntax.Span.Contains(applied.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasDiffAttribute(IMethodSymbol method, string attributeName)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                // By name and namespace rather than by display string: this runs for every [Differentiable] method.
                if (attribute.AttributeClass is { ContainingNamespace: { Name: "Diff", ContainingNamespace.IsGlobalNamespace: true } } attributeClass
                    && attributeClass.Name == attributeName)
                {
                    return true;
                }
            }

            return false;
        }

        // The generator keeps only which errors a method had (for its stand-ins): the analyzer reports them, with
        // their locations, and a cached model without locations survives lines moving around it.
        private static Result<BoundMethod> WithoutLocations(Result<BoundMethod> bound) =>
            new(bound.Value?.WithoutLocations(), bound.Diagnostics.Select(d => d.Id).Distinct().Select(id => new DiagnosticInfo(id, null, EquatableArray<string>.Empty)).ToEquatableArray());

        /// <summary>A bound method and where its name is; split into two providers right away.</summary>
        private sealed record BindingOutput(Result<BoundMethod> Method, MethodPosition Position);

        /// <summary>A binding as made, on either thread: with its locations, without them, and where the method's name is.</summary>
        private sealed record Binding(Result<BoundMethod> Bound, Result<BoundMethod> WithoutLocations, MethodPosition Position);
    }
}
