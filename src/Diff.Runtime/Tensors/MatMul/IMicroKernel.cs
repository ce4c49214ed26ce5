namespace Diff
{
    /// <summary>
    /// A register-blocked inner kernel: it multiplies one packed sliver of A (<see cref="Rows"/> rows)
    /// by one packed sliver of B (<see cref="Columns"/> columns) and writes or adds the
    /// <see cref="Rows"/>×<see cref="Columns"/> tile of C. The blocked driver is generic over it, so
    /// each kernel gets its own specialised, inlined copy of the loops around it.
    /// </summary>
    internal interface IMicroKernel
    {
        /// <summary>Rows of the C tile (MR): how many values of A each step broadcasts.</summary>
        static abstract int Rows { get; }

        /// <summary>Columns of the C tile (NR): how many values of B each step loads.</summary>
        static abstract int Columns { get; }

        /// <summary>
        /// Depth of the packed panels (KC): long enough that each C tile is loaded and stored rarely,
        /// short enough that one packed sliver of B stays in a near cache (L1 or L2, as each tile says) while all
        /// slivers of the packed A block stream past it.
        /// </summary>
        static abstract int Depth { get; }

        /// <summary>
        /// Rows of the packed A block (MC), a multiple of <see cref="Rows"/>: the block is reused for
        /// every sliver of B, so it should stay in the L2 cache.
        /// </summary>
        static abstract int BlockRows { get; }

        /// <summary>Columns of the packed B panel (NC), a multiple of <see cref="Columns"/>.</summary>
        static abstract int BlockColumns { get; }

        /// <summary>
        /// Whether a B sliver is read where it is stored even when its steps fall on few sets of the L1 cache (a row
        /// stride that is a multiple of 1 KiB puts every sixteenth line on one set; see
        /// <see cref="BlockedGemm{TKernel}.ReadsBInPlace"/>). Otherwise such a sliver is packed into one contiguous run,
        /// whose lines spread over every set.
        /// </summary>
        static abstract bool ReadsAliasedBInPlace { get; }

        /// <summary>
        /// C[0..Rows, 0..Columns] (+)= Ã · B̃ over <paramref name="depth"/> steps, where Ã holds
        /// <see cref="Rows"/> values per step and B̃ holds <see cref="Columns"/> values per step.
        /// </summary>
        /// <param name="depth">Steps along the inner dimension; at least 1.</param>
        /// <param name="packedA">The A sliver: its row r at step s is <c>packedA[r * aRowStride + s * aStepStride]</c>.</param>
        /// <param name="aRowStride">Elements between the sliver's rows: 1 when it is packed, A's row stride when read in place.</param>
        /// <param name="aStepStride">Elements between the sliver's steps: <see cref="Rows"/> when it is packed, 1 when read in place.</param>
        /// <param name="packedB">The B sliver, step-major: <see cref="Columns"/> adjacent values per step.</param>
        /// <param name="bStepStride">
        /// Elements between consecutive steps of the B sliver: <see cref="Columns"/> when it is packed, B's row stride
        /// when the kernel reads B where it is stored.
        /// </param>
        /// <param name="c">The tile's first element.</param>
        /// <param name="cRowStride">Elements between consecutive rows of C.</param>
        /// <param name="addToC">Add the product to C instead of overwriting it.</param>
        static abstract unsafe void Multiply(int depth, float* packedA, int aRowStride, int aStepStride, float* packedB, int bStepStride, float* c, int cRowStride, bool addToC);
    }
}
