using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Diagnostics
{
    /// <summary>
    /// The generator's bindings, offered to the analyzer in the same process, so that a build binds each method once
    /// for both instead of once each.
    /// <para>
    /// The compiler runs the generator on the project's compilation and then the analyzer on that compilation with the
    /// generated files added: the user's syntax trees are the same objects in both, and a method binds the same way in
    /// both unless it names something the generated files declare. So the analyzer takes the generator's binding of a
    /// method when its own compilation is the generator's plus generated files only (same options and references
    /// objects, every tree of the generator's compilation present, every other tree marked auto-generated), when the
    /// binding held no compile error (the generator then binds exactly as the analyzer does) and when the method names
    /// nothing that ends like a generated companion. Otherwise it binds the method itself, as it always did. In the IDE,
    /// where the two run on different snapshots, that check fails wherever anything changed in between, and the
    /// analyzer binds on its own.
    /// </para>
    /// <para>
    /// The generator's analysis of a handed-off method is offered too, as one fact: whether it found nothing to report.
    /// Its diagnostics are those of the method as written (<see cref="Analyse.MethodAnalyzer"/>), found with the
    /// registrations of the same trees the analyzer reads when the handoff holds, so such a method needs no second
    /// analysis either; one with anything to report is analysed again by the analyzer, which has its locations.
    /// </para>
    /// <para>
    /// One handoff is kept per options object (per project in the IDE), replaced by the generator's next run; entries
    /// are weak in the options object, so a project that goes away takes its handoff with it. The generator's incremental
    /// runs only bind the methods that changed, so only those are offered; the rest are bound by the analyzer.
    /// </para>
    /// </summary>
    internal sealed class BindingHandoff
    {
        private static readonly ConditionalWeakTable<CompilationOptions, BindingHandoff> Latest = new();
        private static readonly object Gate = new();

        /// <summary>Endings of the generated companions' names; a method naming one is not handed off.</summary>
        private static readonly string[] CompanionEndings =
            { "Gradient", "Pullback", "Record", "Reverse", "Tangent", "Lanes", "HessianVector", "Jacobian", "Adjoint", "Launcher" };

        private readonly WeakReference<Compilation> _compilation;
        private readonly HashSet<SyntaxTree> _trees;
        private readonly MetadataReference[] _references;
        private readonly ConcurrentDictionary<MethodDeclarationSyntax, Result<BoundMethod>> _bound = new();
        private readonly ConcurrentDictionary<MethodDeclarationSyntax, bool> _analysedWithoutDiagnostics = new();
        private readonly ConcurrentDictionary<MethodDeclarationSyntax, bool> _withoutBindingDiagnostics = new();

        /// <summary>
        /// The generator's location-free model of each offered method (the object its pipeline passes on, compared by
        /// reference), with the handoff and syntax it came from, so that the analysis step can say how it went.
        /// </summary>
        private static readonly ConditionalWeakTable<MethodModel, Offered> OfferedModels = new();

        /// <summary>
        /// What each type name the analyzer looks up resolved to in the generator's compilation, and whether that
        /// compilation declares it in source. The analyzer's three are resolved when the handoff is made: the compiler
        /// lets the generator's compilation go once it has added the generated files, and a collection between the
        /// generator and the analyzer (in 3 of 32 builds through the compiler server, measured) left the analyzer to ask
        /// its own compilation, which parsed and declared every generated file in its account (0.3 s at 500 methods).
        /// </summary>
        private readonly ConcurrentDictionary<string, (INamedTypeSymbol? Type, bool InSource)> _types = new(StringComparer.Ordinal);

        /// <summary>The type names the analyzer asks for when it starts.</summary>
        private static readonly string[] AnalyzerTypes = { SymbolFacts.DifferentiableAttribute, SymbolFacts.DerivativeOfAttribute, SymbolFacts.KernelAttribute };

        private BindingHandoff(Compilation compilation)
        {
            _compilation = new WeakReference<Compilation>(compilation);
            _trees = new HashSet<SyntaxTree>(compilation.SyntaxTrees);
            _references = compilation.References.ToArray();
            foreach (string metadataName in AnalyzerTypes)
            {
                _types[metadataName] = Resolve(compilation, metadataName);
            }
        }

        private static (INamedTypeSymbol? Type, bool InSource) Resolve(Compilation compilation, string metadataName)
        {
            INamedTypeSymbol? type = compilation.GetTypeByMetadataName(metadataName);
            return (type, type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly));
        }

        /// <summary>
        /// For the generator: offers the binding of <paramref name="syntax"/> in <paramref name="compilation"/>, bound
        /// with the compile-error check. A binding the check found errors in (no value) is not offered: the analyzer,
        /// which skips the check, binds such a method differently.
        /// </summary>
        /// <param name="generatorModel">The location-free model the generator's pipeline analyses, if the method is in scalar mode.</param>
        /// <param name="onlyDifferentiable">Whether the method carries no other DiffGen attribute ([DerivativeOf], [Kernel]), which the analyzer checks apart.</param>
        public static void Offer(Compilation compilation, MethodDeclarationSyntax syntax, Result<BoundMethod> bound, MethodModel? generatorModel, bool onlyDifferentiable)
        {
            if (bound.Value is not { } value || NamesACompanion(value))
            {
                return;
            }

            BindingHandoff handoff;
            lock (Gate)
            {
                if (!Latest.TryGetValue(compilation.Options, out handoff) || !handoff.IsOf(compilation))
                {
                    handoff = new BindingHandoff(compilation);
                    Latest.Remove(compilation.Options);
                    Latest.Add(compilation.Options, handoff);
                }
            }

            handoff._bound[syntax] = bound;
            if (onlyDifferentiable && bound.Diagnostics.Count == 0)
            {
                handoff._withoutBindingDiagnostics[syntax] = true;
            }

            if (generatorModel is not null)
            {
                OfferedModels.Remove(generatorModel);
                OfferedModels.Add(generatorModel, new Offered(handoff, syntax));
            }
        }

        /// <summary>
        /// For the generator's analysis step: records whether the analysis of <paramref name="generatorModel"/> (the
        /// model <see cref="Offer"/> was given) found nothing to report. Returns <paramref name="analysed"/>.
        /// </summary>
        public static Result<Analyse.AnalysedMethod> Analysed(MethodModel generatorModel, Result<Analyse.AnalysedMethod> analysed)
        {
            if (OfferedModels.TryGetValue(generatorModel, out Offered? offered) && offered.TryGet(out BindingHandoff handoff, out MethodDeclarationSyntax syntax))
            {
                handoff._analysedWithoutDiagnostics[syntax] = analysed.Diagnostics.Count == 0 && analysed.Value is not null;
            }

            return analysed;
        }

        /// <summary>Whether the generator analysed the binding of <paramref name="syntax"/> it offered and found nothing to report.</summary>
        public bool AnalysedWithoutDiagnostics(MethodDeclarationSyntax syntax) =>
            _analysedWithoutDiagnostics.TryGetValue(syntax, out bool clean) && clean;

        /// <summary>
        /// Whether the generator bound and analysed <paramref name="syntax"/> with nothing at all to report, and the method
        /// carries no other DiffGen attribute: the analyzer then has nothing to do for it, not even to ask for its symbol
        /// (the first symbol asked of a compilation makes the compiler parse and declare every generated file, a cost the
        /// compiler would otherwise pay later, in its own account, while it compiles them).
        /// </summary>
        public bool SettledWithoutDiagnostics(MethodDeclarationSyntax syntax) =>
            _withoutBindingDiagnostics.ContainsKey(syntax) && AnalysedWithoutDiagnostics(syntax);

        /// <summary>
        /// For the analyzer: the generator's bindings that hold for <paramref name="analyzed"/>, or null when there are
        /// none (no generator run in this process, or one on another compilation).
        /// </summary>
        public static BindingHandoff? For(Compilation analyzed)
        {
            BindingHandoff? handoff;
            lock (Gate)
            {
                if (!Latest.TryGetValue(analyzed.Options, out handoff))
                {
                    return null;
                }
            }

            return handoff.Extends(analyzed) ? handoff : null;
        }

        /// <summary>
        /// The type <paramref name="metadataName"/> names in the analyzed compilation, found without asking that compilation
        /// where it can be: when the generator's compilation finds no such type, or finds one from a reference. A reference's
        /// types are the same objects in both compilations (the compiler adds the generated files without rebinding the
        /// references), and generated files declare none of the types asked for here. Asking the analyzed compilation
        /// would make the compiler parse and declare every generated file first, which in a build it does later anyway,
        /// while it compiles them, but then in the analyzer's account. False when the generator's compilation declares the
        /// type in source (the runtime's own build), or when that compilation is gone and the name was not resolved before.
        /// </summary>
        public bool TryFindType(string metadataName, out INamedTypeSymbol? type)
        {
            type = null;
            if (!_types.TryGetValue(metadataName, out (INamedTypeSymbol? Type, bool InSource) found))
            {
                if (!_compilation.TryGetTarget(out Compilation? generators))
                {
                    return false;
                }

                found = _types.GetOrAdd(metadataName, name => Resolve(generators, name));
            }

            if (found.InSource)
            {
                return false;
            }

            type = found.Type;
            return true;
        }

        /// <summary>The generator's binding of <paramref name="syntax"/>, if it offered one.</summary>
        public bool TryTake(MethodDeclarationSyntax syntax, out Result<BoundMethod> bound) => _bound.TryGetValue(syntax, out bound!);

        /// <summary>Whether <paramref name="tree"/> was in the generator's compilation (every other tree of a compilation this handoff holds for is generated).</summary>
        public bool SawTree(SyntaxTree tree) => _trees.Contains(tree);

        private bool IsOf(Compilation compilation) => _compilation.TryGetTarget(out Compilation? kept) && ReferenceEquals(kept, compilation);

        /// <summary>Whether <paramref name="analyzed"/> is the generator's compilation with generated files added, and nothing else.</summary>
        private bool Extends(Compilation analyzed)
        {
            int index = 0;
            foreach (MetadataReference reference in analyzed.References)
            {
                if (index >= _references.Length || !ReferenceEquals(reference, _references[index]))
                {
                    return false;
                }

                index++;
            }

            if (index != _references.Length)
            {
                return false;
            }

            int found = 0;
            foreach (SyntaxTree tree in analyzed.SyntaxTrees)
            {
                if (_trees.Contains(tree))
                {
                    found++;
                }
                else if (!IsAutoGenerated(tree))
                {
                    return false;
                }
            }

            return found == _trees.Count;
        }

        /// <summary>Whether the tree's text starts with the <c>// &lt;auto-generated</c> marker that generated files start with.</summary>
        private static bool IsAutoGenerated(SyntaxTree tree)
        {
            Microsoft.CodeAnalysis.Text.SourceText text = tree.GetText();
            string start = text.ToString(new Microsoft.CodeAnalysis.Text.TextSpan(0, Math.Min(text.Length, 64))).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            return start.StartsWith("// <auto-generated", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Where an offered model came from. Both are held weakly: the incremental driver keeps a model cached for as long as
        /// its method is unchanged, and that must not keep an old handoff, and the trees it holds, alive.
        /// </summary>
        private sealed class Offered
        {
            private readonly WeakReference<BindingHandoff> _handoff;
            private readonly WeakReference<MethodDeclarationSyntax> _syntax;

            public Offered(BindingHandoff handoff, MethodDeclarationSyntax syntax)
            {
                _handoff = new WeakReference<BindingHandoff>(handoff);
                _syntax = new WeakReference<MethodDeclarationSyntax>(syntax);
            }

            public bool TryGet(out BindingHandoff handoff, out MethodDeclarationSyntax syntax)
            {
                syntax = null!;
                return _handoff.TryGetTarget(out handoff!) && _syntax.TryGetTarget(out syntax!);
            }
        }

        /// <summary>Whether the method names something ending like a companion, which the generated files may declare or shadow.</summary>
        private static bool NamesACompanion(BoundMethod method)
        {
            EquatableArray<string> identifiers = method.Scalar?.Identifiers ?? method.Tensor?.Identifiers ?? EquatableArray<string>.Empty;
            foreach (string identifier in identifiers)
            {
                foreach (string ending in CompanionEndings)
                {
                    if (identifier.EndsWith(ending, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
