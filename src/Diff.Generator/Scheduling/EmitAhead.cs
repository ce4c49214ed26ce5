using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Diff.Generator.Analyse;
using Diff.Generator.Diagnostics;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;

namespace Diff.Generator.Scheduling
{
    /// <summary>
    /// Analyses and emits a scalar method on a worker thread as soon as it is bound, while the compiler's driver goes on
    /// binding the next one on its own thread.
    /// <para>
    /// The driver runs a generator's steps one item at a time on one thread: every method is bound first, then every
    /// method analysed, then every method emitted. Binding needs the compiler's semantic model, but analysing and
    /// emitting need only the bound model, and they are about half of the generator's work. The compiler's other cores
    /// are idle while generators run, so the second half is started on a worker the moment its model exists, and the
    /// pipeline's analyse and emit steps take the worker's result instead of computing it again.
    /// </para>
    /// <para>
    /// The result is the same whichever thread computes it: both phases are pure functions of the bound model and of
    /// the compilation's <c>[DerivativeOf]</c> registrations. The worker cannot wait for those (the driver finds them
    /// after the bindings), so it analyses with the registrations last seen for the same compilation options, and the
    /// analyse step takes its result only when they equal the registrations it is given; otherwise it analyses again.
    /// A result nobody took (a method whose model the driver had cached, a cancelled run) is dropped with its model.
    /// </para>
    /// </summary>
    internal static class EmitAhead
    {
        /// <summary>The work started for each location-free model the pipeline passes on (compared by reference).</summary>
        private static readonly ConditionalWeakTable<MethodModel, Lazy<Outcome>> Started = new();

        /// <summary>The files emitted ahead, for the emit step, by the analysed method the analyse step handed on.</summary>
        private static readonly ConditionalWeakTable<AnalysedMethod, GeneratedSource> Emitted = new();

        /// <summary>The registrations last seen for each compilation's options: one project's, in the IDE or a build.</summary>
        private static readonly ConditionalWeakTable<CompilationOptions, StrongBox<EquatableArray<DerivativeRegistration>>> Registrations = new();

        /// <summary>For the pipeline: records the registrations of a compilation, for the methods bound after it.</summary>
        public static void Expect(CompilationOptions options, EquatableArray<DerivativeRegistration> registrations)
        {
            Registrations.GetValue(options, static _ => new StrongBox<EquatableArray<DerivativeRegistration>>()).Value = registrations;
        }

        /// <summary>For the binding step: starts analysing and emitting <paramref name="model"/> on a worker thread.</summary>
        public static void Start(MethodModel model, CompilationOptions options, CancellationToken cancellationToken)
        {
            EquatableArray<DerivativeRegistration> expected = Registrations.TryGetValue(options, out StrongBox<EquatableArray<DerivativeRegistration>>? box)
                ? box.Value
                : EquatableArray<DerivativeRegistration>.Empty;

            // Whichever thread asks first computes it: the worker, or the analyse step when the worker has not started.
            var outcome = new Lazy<Outcome>(() => Compute(model, expected), LazyThreadSafetyMode.ExecutionAndPublication);
            Started.Remove(model);
            Started.Add(model, outcome);
            Task.Run(
                () =>
                {
                    try
                    {
                        _ = outcome.Value;
                    }
                    catch (Exception)
                    {
                        // Compute guards the phases; whatever else went wrong, the analyse step computes the method again.
                    }
                },
                cancellationToken);
        }

        /// <summary>
        /// The analyse step: the worker's analysis of <paramref name="model"/> when one was started with these
        /// registrations, or the analysis computed here.
        /// </summary>
        public static Result<AnalysedMethod> Analyse(MethodModel model, EquatableArray<DerivativeRegistration> registrations)
        {
            if (Started.TryGetValue(model, out Lazy<Outcome>? started))
            {
                Started.Remove(model);
                Outcome? outcome = null;
                try
                {
                    outcome = started.Value;
                }
                catch (Exception)
                {
                    // Analysed again below.
                }

                if (outcome is not null && outcome.Registrations.Equals(registrations))
                {
                    if (outcome.Analysed.Value is { } analysed && outcome.Source is { } source)
                    {
                        Emitted.Remove(analysed);
                        Emitted.Add(analysed, source);
                    }

                    return outcome.Analysed;
                }
            }

            return NeverThrow.Analyse(model, registrations.Items);
        }

        /// <summary>The emit step: the file emitted ahead for <paramref name="analysed"/>, or the file emitted here.</summary>
        public static GeneratedSource Emit(AnalysedMethod analysed)
        {
            if (Emitted.TryGetValue(analysed, out GeneratedSource? source))
            {
                Emitted.Remove(analysed);
                return source;
            }

            return EmitNow(analysed);
        }

        private static GeneratedSource EmitNow(AnalysedMethod analysed) =>
            NeverThrow.Emit(analysed.Method.HintName, analysed.Method.Name, () => SourceEmitter.Emit(analysed));

        private static Outcome Compute(MethodModel model, EquatableArray<DerivativeRegistration> registrations)
        {
            Result<AnalysedMethod> analysed = NeverThrow.Analyse(model, registrations.Items);

            // Only what the pipeline emits: an analysis with a value and no errors.
            GeneratedSource? source = analysed.Value is { } value && !analysed.HasErrors ? EmitNow(value) : null;
            return new Outcome(registrations, analysed, source);
        }

        private sealed class Outcome
        {
            public Outcome(EquatableArray<DerivativeRegistration> registrations, Result<AnalysedMethod> analysed, GeneratedSource? source)
            {
                Registrations = registrations;
                Analysed = analysed;
                Source = source;
            }

            public EquatableArray<DerivativeRegistration> Registrations { get; }

            public Result<AnalysedMethod> Analysed { get; }

            public GeneratedSource? Source { get; }
        }
    }
}
