using System;
using System.Collections.Concurrent;
using System.Threading;
using Diff.Generator.Model;

namespace Diff.Generator.Scheduling
{
    /// <summary>
    /// The analyses and files of earlier generator runs in this process, by model and registrations, so that a method
    /// whose model has not changed is not analysed and emitted again in the next build.
    /// <para>
    /// The compiler server (<c>VBCSCompiler</c>, which command-line builds use by default) keeps the generator loaded
    /// from one build to the next, but every build starts a new generator driver with an empty cache: without this, a
    /// rebuild after an edit of a single file, or after touching a file with no differentiable code, analyses and emits
    /// every method again. Binding cannot be kept (it reads the compilation), but what follows it can: analysis and
    /// emission are pure functions of the location-free model and the compilation's <c>[DerivativeOf]</c> registrations
    /// (the incremental pipeline compares the same two to keep its steps cached in the IDE), and the file holds
    /// placeholders for the <c>#line</c> directives, which are filled in from the method's position of this build.
    /// </para>
    /// <para>
    /// Bounded: two generations of at most <see cref="CharactersPerGeneration"/> characters of emitted text each (or the
    /// budget given). A hit in the older generation copies the entry into the newer one; when the newer one is full, the
    /// older one is dropped and the newer one becomes the older. A project whose files fit in one generation is therefore kept whole from build to build,
    /// and a larger one in part.
    /// </para>
    /// </summary>
    /// <typeparam name="TOutcome">What is remembered of a method: its analysis and its file.</typeparam>
    internal sealed class EarlierBuilds<TOutcome>
        where TOutcome : class
    {
        /// <summary>
        /// The emitted characters one generation of the process's memo holds: one and a half times the files of 500
        /// ordinary methods (8 million characters), so that such a project is kept whole.
        /// </summary>
        internal const long CharactersPerGeneration = 12_000_000;

        private readonly object _flip = new();
        private readonly long _charactersPerGeneration;
        private Generation _newer = new();
        private Generation _older = new();

        /// <param name="charactersPerGeneration">The emitted characters one generation holds.</param>
        public EarlierBuilds(long charactersPerGeneration = CharactersPerGeneration)
        {
            _charactersPerGeneration = charactersPerGeneration;
        }

        /// <summary>The outcome remembered for this model and these registrations, or null.</summary>
        public TOutcome? Find(MethodModel model, EquatableArray<DerivativeRegistration> registrations)
        {
            var key = new Key(model, registrations);
            if (Volatile.Read(ref _newer).Entries.TryGetValue(key, out Entry? entry))
            {
                return entry.Outcome;
            }

            if (Volatile.Read(ref _older).Entries.TryGetValue(key, out entry))
            {
                Remember(key, entry);
                return entry.Outcome;
            }

            return null;
        }

        /// <summary>Remembers an outcome whose emitted files hold <paramref name="characters"/> characters.</summary>
        public void Remember(MethodModel model, EquatableArray<DerivativeRegistration> registrations, TOutcome outcome, long characters) =>
            Remember(new Key(model, registrations), new Entry(outcome, Math.Max(1, characters)));

        /// <summary>For the tests: how many outcomes the two generations hold.</summary>
        internal int Count => Volatile.Read(ref _newer).Entries.Count + Volatile.Read(ref _older).Entries.Count;

        private void Remember(Key key, Entry entry)
        {
            Generation newer = Volatile.Read(ref _newer);
            if (newer.Entries.TryAdd(key, entry) && Interlocked.Add(ref newer.Characters, entry.Characters) > _charactersPerGeneration)
            {
                lock (_flip)
                {
                    // Another thread may have flipped already; flip only the generation that overflowed.
                    if (ReferenceEquals(_newer, newer))
                    {
                        Volatile.Write(ref _older, newer);
                        Volatile.Write(ref _newer, new Generation());
                    }
                }
            }
        }

        private sealed class Generation
        {
            public readonly ConcurrentDictionary<Key, Entry> Entries = new();

            public long Characters;
        }

        /// <summary>An outcome and the characters of its files, which count against the generation's budget.</summary>
        private sealed record Entry(TOutcome Outcome, long Characters);

        /// <summary>The model and the registrations, with the hash computed once: the model's hash walks its whole IR.</summary>
        private readonly struct Key : IEquatable<Key>
        {
            private readonly MethodModel _model;
            private readonly EquatableArray<DerivativeRegistration> _registrations;
            private readonly int _hash;

            public Key(MethodModel model, EquatableArray<DerivativeRegistration> registrations)
            {
                _model = model;
                _registrations = registrations;
                _hash = unchecked((model.GetHashCode() * 397) ^ registrations.GetHashCode());
            }

            public bool Equals(Key other) => _hash == other._hash && _model.Equals(other._model) && _registrations.Equals(other._registrations);

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() => _hash;
        }
    }
}
