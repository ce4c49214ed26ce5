namespace Diff
{
    /// <summary>
    /// One depth block of one column panel of a product, with its B panel ready: what multiplying any block of the
    /// product's rows by it needs (<see cref="BlockedGemm{TKernel}.MultiplyRows"/>).
    /// </summary>
    internal readonly unsafe struct PanelStep
    {
        public PanelStep(in GemmProblem problem, int column, int columns, int step, int depth, int inPlaceColumns, float* packedB)
        {
            Problem = problem;
            Column = column;
            Columns = columns;
            Step = step;
            Depth = depth;
            InPlaceColumns = inPlaceColumns;
            PackedB = packedB;
        }

        /// <summary>The whole product (or the parallel block) the step belongs to.</summary>
        public GemmProblem Problem { get; }

        /// <summary>The panel's first column of C.</summary>
        public int Column { get; }

        /// <summary>The panel's columns.</summary>
        public int Columns { get; }

        /// <summary>The depth block's first step.</summary>
        public int Step { get; }

        /// <summary>The depth block's steps.</summary>
        public int Depth { get; }

        /// <summary>The panel's leading columns read from B where it is stored; the rest are in <see cref="PackedB"/>.</summary>
        public int InPlaceColumns { get; }

        /// <summary>The packed slivers of the columns from <see cref="InPlaceColumns"/> on.</summary>
        public float* PackedB { get; }

        /// <summary>Whether the step adds to C: every depth block but the first, or all when the caller accumulates.</summary>
        public bool AddsToC => Problem.Accumulate || Step > 0;

        /// <summary>The panel's steps of B as stored.</summary>
        public StridedMatrix BPanel => Problem.B.Slice(Step, Column);
    }
}
