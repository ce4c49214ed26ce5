using System.Collections.Generic;
using System.Text;

namespace Diff.Generator.Emit
{
    /// <summary>An indent-aware list of lines; builders nest into each other at the current indent.</summary>
    internal sealed class CodeBuilder
    {
        private readonly List<(int Indent, string Text, string? Directive)> _lines = new();
        private int _indent;

        public int Count => _lines.Count;

        /// <summary>The text of every line, without indentation or <c>#line</c> directives.</summary>
        public IEnumerable<string> Texts
        {
            get
            {
                foreach ((int _, string text, string? _) in _lines)
                {
                    yield return text;
                }
            }
        }

        public CodeBuilder Line(string text)
        {
            _lines.Add((_indent, text, null));
            return this;
        }

        public CodeBuilder Open(string header)
        {
            Line(header);
            Line("{");
            _indent++;
            return this;
        }

        /// <summary>Opens a bare block: <c>{</c>.</summary>
        public CodeBuilder Begin()
        {
            Line("{");
            _indent++;
            return this;
        }

        public CodeBuilder Close(string closer = "}")
        {
            _indent--;
            Line(closer);
            return this;
        }

        public CodeBuilder Append(CodeBuilder other)
        {
            // Grown once, at least doubling: builders nest level by level, so a method's lines are copied into
            // each enclosing builder, and growing the list step by step copied them again each time.
            int needed = _lines.Count + other._lines.Count;
            if (needed > _lines.Capacity)
            {
                _lines.Capacity = System.Math.Max(needed, 2 * _lines.Capacity);
            }

            foreach ((int indent, string text, string? directive) in other._lines)
            {
                _lines.Add((_indent + indent, text, directive));
            }

            return this;
        }

        /// <summary>Reserves a line to be filled in later (or left out when still empty).</summary>
        public int Placeholder()
        {
            _lines.Add((_indent, string.Empty, null));
            return _lines.Count - 1;
        }

        public void Fill(int placeholder, string text) => _lines[placeholder] = (_lines[placeholder].Indent, text, _lines[placeholder].Directive);

        /// <summary>Adds another placeholder right after <paramref name="placeholder"/>.</summary>
        public int InsertAfter(int placeholder)
        {
            _lines.Insert(placeholder + 1, (_lines[placeholder].Indent, string.Empty, null));
            return placeholder + 1;
        }

        /// <summary>
        /// Maps the code lines from <paramref name="from"/> on to a line of the user's source: each is
        /// written after <paramref name="directive"/> (<c>#line N "file"</c>), so every line of a
        /// statement's generated code reports the statement's line, not the next ones.
        /// </summary>
        public void MapLines(int from, string directive)
        {
            for (int i = from; i < _lines.Count; i++)
            {
                (int indent, string text, string? _) = _lines[i];
                if (text.Length > 0 && !IsComment(text))
                {
                    _lines[i] = (indent, text, directive);
                }
            }
        }

        /// <summary>
        /// Writes the lines. Once a line has been mapped with <c>#line</c>, unmapped code that follows is
        /// <c>#line hidden</c> (otherwise it would count on from the user's line), and the end restores
        /// <c>#line default</c>. Directives start at the first column, as a preprocessor line may: a mapped
        /// statement takes one per line of its code, and their indentation was an eighth of the generated text.
        /// </summary>
        public void Write(StringBuilder output, int baseIndent)
        {
            string? mappedTo = null;
            bool mapping = false;
            foreach ((int indent, string text, string? directive) in _lines)
            {
                if (text.Length == 0)
                {
                    continue;
                }

                if (directive is not null)
                {
                    output.Append(directive).Append('\n');
                    mappedTo = directive;
                    mapping = true;
                }
                else if (mappedTo is not null && !IsComment(text))
                {
                    output.Append("#line hidden\n");
                    mappedTo = null;
                }

                output.Append(' ', (baseIndent + indent) * 4).Append(text).Append('\n');
            }

            if (mapping)
            {
                output.Append("#line default\n");
            }
        }

        private static bool IsComment(string text) => text.StartsWith("//", System.StringComparison.Ordinal);
    }
}
