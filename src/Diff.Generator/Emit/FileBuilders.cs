using System.Text;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// One <see cref="StringBuilder"/> per thread for writing whole generated files. Every file was written into a new
    /// builder, whose chunks (as many characters as the file) were garbage as soon as the file's string was made; with
    /// 10 million characters of companions for 500 methods, the emitter's builder and the <c>#line</c> resolution's were
    /// a quarter of the generator's allocation. A file is written into the thread's builder and copied out once.
    /// </summary>
    internal static class FileBuilders
    {
        // Larger builders are let go rather than kept for the life of the process.
        private const int MostKeptCharacters = 1 << 22;

        [System.ThreadStatic]
        private static StringBuilder? t_kept;

        /// <summary>An empty builder: the thread's own when it is free, a new one otherwise.</summary>
        public static StringBuilder Rent()
        {
            StringBuilder? kept = t_kept;
            if (kept is null)
            {
                return new StringBuilder(1 << 14);
            }

            t_kept = null;
            kept.Clear();
            return kept;
        }

        /// <summary>The builder's text; the builder goes back to the thread and must not be used again.</summary>
        public static string ToStringAndReturn(StringBuilder builder)
        {
            string text = builder.ToString();
            if (builder.Capacity <= MostKeptCharacters)
            {
                t_kept = builder;
            }

            return text;
        }
    }
}
