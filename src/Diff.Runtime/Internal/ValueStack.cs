using System;
using System.ComponentModel;

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
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class ValueStack
    {
        private object?[] _references = new object?[32];
        private int _referenceCount;
        private long[] _numbers = new long[16];
        private int _numberCount;

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
    }
}
