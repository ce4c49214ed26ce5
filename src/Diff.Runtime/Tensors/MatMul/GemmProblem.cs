namespace Diff
{
    /// <summary>
    /// One call's operands, pinned for its whole duration: C[m×n] (+)= A[m×k] · B[k×n], with A and
    /// B read through strides (which is how transposition is expressed) and C row-major.
    /// </summary>
    internal readonly unsafe struct GemmProblem
    {
        public GemmProblem(StridedMatrix a, StridedMatrix b, float* c, int cRowStride, int m, int n, int k, bool accumulate)
        {
            A = a;
            B = b;
            C = c;
            CRowStride = cRowStride;
            M = m;
            N = n;
            K = k;
            Accumulate = accumulate;
        }

        public StridedMatrix A { get; }

        public StridedMatrix B { get; }

        public float* C { get; }

        public int CRowStride { get; }

        public int M { get; }

        public int N { get; }

        public int K { get; }

        /// <summary>Whether the product is added to C's previous contents.</summary>
        public bool Accumulate { get; }

        /// <summary>
        /// The sub-problem computing rows [<paramref name="row"/>, +<paramref name="rows"/>) and
        /// columns [<paramref name="column"/>, +<paramref name="columns"/>) of C.
        /// </summary>
        public GemmProblem Slice(int row, int rows, int column, int columns) =>
            new(A.Slice(row, 0), B.Slice(0, column), C + (nint)row * CRowStride + column, CRowStride, rows, columns, K, Accumulate);
    }
}
