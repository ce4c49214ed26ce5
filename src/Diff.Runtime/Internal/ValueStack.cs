using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Diff.Internal
{
    /// <summary>
    /// The values a tensor-mode forward sweep (<c>MRecord</c>) saves for its reverse sweep
    /// (<c>MReverse</c>): overwritten locals, branch choices and trip counts.
    /// </summary>
    /// <remarks>
    /// It holds values, never operations: which backward runs is fixed by the generated code.
    /// References and integers live on two separate stacks, each popped in the reverse of the
    /// order it was pushed. A stack belongs to one gradient call, so generated code stays
    /// reentrant and thread-safe.
    /// <para>
    /// The stack also owns the CPU storage of the call's intermediates, as PyTorch's caching allocator
    /// recycles the blocks of a step. The generated code hands it each result of a runtime op it computes
    /// forwards (<see cref="Own(long, Tensor)"/>) and each gradient a runtime backward writes into a slot
    /// (<see cref="Own(long, ref Tensor)"/>). <see cref="Unwind"/>, the last thing the generated
    /// <c>MGradient</c> and <c>MPullback</c> do, returns those arrays to the pool, except the result's. That is
    /// safe because such a tensor is reachable only from the generated code's locals, this stack and the
    /// backward rules' arguments: the generator refuses writes of differentiable values to fields (DIFF005),
    /// captures (DIFF003) and calls without a derivative that return them (DIFF001); the runtime's ops and
    /// backward rules keep nothing; gradients reach <c>Parameter.Grad</c> and the caller's adjoints by copy.
    /// A tensor is adopted only if an op rented its array for it after the mark taken just before that op
    /// ran, so tensors made earlier or elsewhere (a constant the user caches, a parameter) are never taken.
    /// Storage that a view shares, that the result holds, that host code in the method reads (a call such as
    /// <c>Log(h)</c>), or that a user-registered op or backward was given is marked shared (<see cref="Keep"/>)
    /// and never returned.
    /// </para>
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class ValueStack
    {
        private object?[] _references = new object?[32];
        private int _referenceCount;
        private long[] _numbers = new long[16];
        private int _numberCount;
        private List<Tensor>? _owned;

        /// <summary>Saves a reference (a tensor, a module, or a boxed value).</summary>
        /// <param name="value">The value to save; may be null.</param>
        public void Push(object? value)
        {
            if (_referenceCount == _references.Length)
            {
                Array.Resize(ref _references, _references.Length * 2);
            }

            _references[_referenceCount++] = value;
        }

        /// <summary>Takes back the reference saved last.</summary>
        /// <typeparam name="T">The saved value's type.</typeparam>
        /// <returns>The value.</returns>
        public T Pop<T>()
        {
            if (_referenceCount == 0)
            {
                throw new InvalidOperationException("The value stack is empty: a reverse sweep popped more than its forward sweep pushed.");
            }

            object? value = _references[--_referenceCount];
            _references[_referenceCount] = null;
            return (T)value!;
        }

        /// <summary>Saves an integer (a branch choice, a trip count, an int local).</summary>
        /// <param name="value">The value to save.</param>
        public void PushNumber(long value)
        {
            if (_numberCount == _numbers.Length)
            {
                Array.Resize(ref _numbers, _numbers.Length * 2);
            }

            _numbers[_numberCount++] = value;
        }

        /// <summary>Saves a floating-point local exactly.</summary>
        /// <param name="value">The value to save.</param>
        public void PushNumber(double value) => PushNumber(BitConverter.DoubleToInt64Bits(value));

        /// <summary>Takes back the integer saved last.</summary>
        /// <returns>The value.</returns>
        public long PopNumber()
        {
            if (_numberCount == 0)
            {
                throw new InvalidOperationException("The value stack is empty: a reverse sweep popped more than its forward sweep pushed.");
            }

            return _numbers[--_numberCount];
        }

        /// <summary>Takes back the floating-point value saved last.</summary>
        /// <returns>The value.</returns>
        public double PopDouble() => BitConverter.Int64BitsToDouble(PopNumber());

        /// <summary>Whether everything pushed has been popped (a balanced forward and reverse sweep).</summary>
        public bool IsEmpty => _referenceCount == 0 && _numberCount == 0;
    
        /// <summary>The rent counter before an op runs: <see cref="Own(long, Tensor)"/> adopts only storage rented after it.</summary>
        /// <returns>The mark to pass to <c>Own</c>.</returns>
        public long Mark() => Tensor.RentMark();

        /// <summary>
        /// Adopts the storage of <paramref name="value"/>, the result of a runtime op the forward sweep just ran, when
        /// that op rented it (after <paramref name="mark"/>); <see cref="Unwind"/> returns it to the pool.
        /// </summary>
        /// <param name="mark">What <see cref="Mark"/> returned just before the op.</param>
        /// <param name="value">The op's result.</param>
        /// <returns><paramref name="value"/>.</returns>
        public Tensor Own(long mark, Tensor value)
        {
            if (value is not null && value.TryAdopt(mark))
            {
                (_owned ??= new List<Tensor>()).Add(value);
            }

            return value!;
        }

        /// <summary>
        /// Adopts the gradient in <paramref name="slot"/> when a runtime backward, run since <paramref name="mark"/>,
        /// rented it; a gradient that was already there, or that came from elsewhere, is left alone.
        /// </summary>
        /// <param name="mark">What <see cref="Mark"/> returned just before the backward.</param>
        /// <param name="slot">The gradient slot the backward wrote; a null reference or a null tensor is ignored.</param>
        public void Own(long mark, ref Tensor? slot)
        {
            if (!Unsafe.IsNullRef(ref slot) && slot is not null)
            {
                Own(mark, slot);
            }
        }

        /// <summary>
        /// Keeps the storage of <paramref name="value"/> out of the pool for good: it is handed to code that may keep it
        /// (an op or backward registered outside the runtime).
        /// </summary>
        /// <param name="value">The tensor; may be null.</param>
        public void Keep(Tensor? value) => value?.MarkShared();

        /// <summary>
        /// Ends the gradient call that owns this stack: returns the storage of every adopted intermediate to the pool,
        /// except storage that <paramref name="result"/> holds or that became shared. Those tensors are released: any
        /// later use throws.
        /// </summary>
        /// <param name="result">The call's result, which the caller keeps.</param>
        /// <returns><paramref name="result"/>.</returns>
        public Tensor Unwind(Tensor result)
        {
            result?.MarkShared();
            Array.Clear(_references, 0, _referenceCount);
            _referenceCount = 0;
            _numberCount = 0;
            if (_owned is { } owned)
            {
                foreach (Tensor tensor in owned)
                {
                    tensor.ReleaseAdopted();
                }

                owned.Clear();
            }

            return result!;
        }
    }
}
