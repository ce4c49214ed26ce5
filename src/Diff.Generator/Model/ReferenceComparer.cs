using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Diff.Generator.Model
{
    /// <summary>
    /// Identity, not value equality, for the IR's records: two equal statements in different places of a body are
    /// different statements to the analyses that mark them. (netstandard2.0 has no <c>ReferenceEqualityComparer</c>.)
    /// </summary>
    internal sealed class ReferenceComparer<T> : IEqualityComparer<T>
        where T : class
    {
        public static readonly ReferenceComparer<T> Instance = new();

        private ReferenceComparer()
        {
        }

        public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

        public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
