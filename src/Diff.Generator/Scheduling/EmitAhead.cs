using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Diff.Generator.Analyse;
using Diff.Generator.Diagnostics;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;

namespace Diff.Generator.Scheduling
{
    /// <summary>
    /// Analyses and emits each scalar method on the compilation's helper thread (<see cref="AheadHelper"/>) once it is
    /// bound, while the compiler's driver goes on binding the next one on its own thread.
    /// <para>
    /// The driver runs a generator's steps one item at a time on one thread: every method is bound, then every method
    /// analysed, then every method emitted. Analysing and emitting need only the bound model, not the compiler, so the
    /// helper does them while the driver binds, and the pipeline's analyse and emit steps take the helper's result
    /// instead of computing it again; a method the helper has not reached is computed in the step, as before.
    /// </para>
    /// <para>
    /// The result is the same whichever thread computes it: both phases are pure functions of the bound model and of
    /// the compilation's <c>[DerivativeOf]</c> registrations. The generator's first output reads the registrations, so
    /// that the driver finds them before it binds any method (<see cref="Expect"/>); the analyse step still takes the
    /// helper's result only when the registrations it was computed with equal those the step is given, and analyses
    /// again otherwise. A result nobody took (a method whose model the driver had cached, a cancelled run) is dropped
    /// with its model.
    /// </para>
    /// </summary>
    internal static class EmitAhead
    {
        /// <summary>The work started for each location-free model the pipeline passes on (compared by reference).</summary>
        private static readonly ConditionalWeakTable<MethodModel, ClaimedWork<Outcome>> Started = new();

        /// <summary>The files emitted ahead, for the emit step, by the analysed method the analyse step handed on.</summary>
        private static readonly ConditionalWeakTable<AnalysedMethod, GeneratedSource> Emitted = new();

        /// <summary>
        /// What earlier runs in this process found for each model and registrations: the compiler server's next build
        /// takes a method it has seen unchanged from here instead of analysing and emitting it again.
        /// </summary>
        private static readonly EarlierBuilds<Outcome> Earlier = new();

        /// <summary>The registrations of each compilation, read by the generator's first output.</summary>
        private static readonly ConditionalWeakTable<Compilation, StrongBox<EquatableArray<DerivativeRegistration>>> Registrations = new();

        /// <summary>
        /// The model last handed over for each method of a project (by its options object and the method's file name). In
        /// the IDE every edit binds the methods again, and the driver keeps its earlier analysis of a model equal to the
        /// earlier one: analysing that model ahead would be work nobody takes.
        /// </summary>
        private static readonly ConditionalWeakTable<CompilationOptions, HandOvers> LastHandedOver = new();

        /// <summary>For the tests: how many models were handed to the helper for the project with these options.</summary>
        internal static int HandedOver(CompilationOptions options) =>
            LastHandedOver.TryGetValue(options, out HandOvers? handOvers) ? Volatile.Read(ref handOvers.Count) : 0;

        /// <summary>For the tests: how many of the models handed over for the project with these options an earlier build had seen.</summary>
        internal static int TakenFromEarlierBuilds(CompilationOptions options) =>
            LastHandedOver.TryGetValue(options, out HandOvers? handOvers) ? Volatile.Read(ref handOvers.FromEarlierBuilds) : 0;

        /// <summary>For the pipeline: records the registrations of a compilation, for the methods bound after it.</summary>
        public static void Expect(Compilation compilation, EquatableArray<DerivativeRegistration> registrations)
        {
            Registrations.GetValue(compilation, static _ => new StrongBox<EquatableArray<DerivativeRegistration>>()).Value = registrations;
        }

        /// <summary>
        /// For the binding step, on the driver's thread: hands the analysis and emission of <paramref name="model"/> to
        /// the compilation's helper thread (<see cref="AheadHelper"/>), unless the model is the one handed over for the
        /// same method before.
        /// </summary>
        public static void Start(MethodModel model, Compilation compilation, CancellationToken cancellationToken)
        {
            HandOvers handOvers = LastHandedOver.GetValue(compilation.Options, static _ => new HandOvers());
            if (handOvers.Last.TryGetValue(model.HintName, out MethodModel? before) && before.Equals(model))
            {
                return;
            }

            handOvers.Last[model.HintName] = model;
            Interlocked.Increment(ref handOvers.Count);
            EquatableArray<DerivativeRegistration> expected = Registrations.TryGetValue(compilation, out StrongBox<EquatableArray<DerivativeRegistration>>? box)
                ? box.Value
                : EquatableArray<DerivativeRegistration>.Empty;

            // Whichever thread gets there first computes it: the helper, or the analyse step.
            var work = new ClaimedWork<Outcome>(() => Compute(model, expected, handOvers), cancellationToken);
            try
            {
                Started.Remove(model);
                Started.Add(model, work);
                AheadHelper.Of(compilation).Help(work);
            }
            catch (Exception)
            {
                // Nothing here may fail the binding step: without the helper's result, the analyse step computes it.
            }
        }

        /// <summary>
        /// The analyse step: the helper's analysis of <paramref name="model"/> when one was started with these
        /// registrations, or the analysis computed here.
        /// </summary>
        public static Result<AnalysedMethod> Analyse(MethodModel model, EquatableArray<DerivativeRegistration> registrations)
        {
            Outcome? outcome = null;
            if (Started.TryGetValue(model, out ClaimedWork<Outcome>? started))
            {
                Started.Remove(model);
                outcome = started.Take(CancellationToken.None);
            }

            if (outcome is null || !outcome.Registrations.Equals(registrations))
            {
                outcome = Earlier.Find(model, registrations);
            }

            if (outcome is null)
            {
                return NeverThrow.Analyse(model, registrations.Items);
            }

            if (outcome.Analysed.Value is { } analysed && outcome.Source is { } source)
            {
                // Two builds in one compiler server may hand over the same remembered analysis at once.
                lock (Emitted)
                {
                    Emitted.Remove(analysed);
                    Emitted.Add(analysed, source);
                }
            }

            return outcome.Analysed;
        }

        /// <summary>The emit step: the file emitted ahead for <paramref name="analysed"/>, or the file emitted here.</summary>
        public static GeneratedSource Emit(AnalysedMethod analysed)
        {
            if (Emitted.TryGetValue(analysed, out GeneratedSource? source))
            {
                lock (Emitted)
                {
                    Emitted.Remove(analysed);
                }

                return source;
            }

            return EmitNow(analysed);
        }

        private static GeneratedSource EmitNow(AnalysedMethod analysed) =>
            NeverThrow.Emit(analysed.Method.HintName, analysed.Method.Name, () => SourceEmitter.Emit(analysed));

        private static Outcome Compute(MethodModel model, EquatableArray<DerivativeRegistration> registrations, HandOvers handOvers)
        {
            if (Earlier.Find(model, registrations) is { } earlier)
            {
                Interlocked.Increment(ref handOvers.FromEarlierBuilds);
                return earlier;
            }

            Result<AnalysedMethod> analysed = NeverThrow.Analyse(model, registrations.Items);

            // Only what the pipeline emits: an analysis with a value and no errors.
            GeneratedSource? source = analysed.Value is { } value && !analysed.HasErrors ? EmitNow(value) : null;
            var outcome = new Outcome(registrations, analysed, source);

            // An entry without a file (a refused method) still holds its model and analysis: it counts as a small file.
            Earlier.Remember(model, registrations, outcome, Math.Max(source?.Text.Length ?? 0, 4096));
            return outcome;
        }

        /// <summary>The models last handed over for a project's methods, by file name, and how many were handed over.</summary>
        private sealed class HandOvers
        {
            public readonly ConcurrentDictionary<string, MethodModel> Last = new(StringComparer.Ordinal);

            public int Count;

            public int FromEarlierBuilds;
        }

        /// <summary>An analysis, the registrations it was made with, and the file emitted from it when it had no errors.</summary>
        private sealed record Outcome(EquatableArray<DerivativeRegistration> Registrations, Result<AnalysedMethod> Analysed, GeneratedSource? Source);
    }
}
