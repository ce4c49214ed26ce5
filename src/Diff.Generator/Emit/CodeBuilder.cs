using System.Collections.Generic;
using System.Text;

namespace Diff.Generator.Emit
{
    /// <summary>An indent-aware list of lines; builders nest into each other at the current indent.</summary>
    internal sealed class CodeBuilder
    {
        private readonly List<(int Indent, string Text)> _lines = new();
        private int _indent;

        public int Count => _lines.Count;

        public CodeBuilder Line(string text)
        {
            _lines.Add((_indent, text));
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
            foreach ((int indent, string text) in other._lines)
            {
                _lines.Add((_indent + indent, text));
            }

            return this;
        }

        /// <summary>Reserves a line to be filled in later (or left out when still empty).</summary>
        public int Placeholder()
        {
            _lines.Add((_indent, string.Empty));
            return _lines.Count - 1;
        }

        public void Fill(int placeholder, string text) => _lines[placeholder] = (_lines[placeholder].Indent, text);

        /// <summary>Adds another placeholder right after <paramref name="placeholder"/>.</summary>
        public int InsertAfter(int placeholder)
        {
            _lines.Insert(placeholder + 1, (_lines[placeholder].Indent, string.Empty));
            return placeholder + 1;
        }

        public void Write(StringBuilder output, int baseIndent)
        {
            foreach ((int indent, string text) in _lines)
            {
                if (text.Length == 0)
                {
                    continue;
                }

                output.Append(' ', (baseIndent + indent) * 4).Append(text).Append('\n');
            }
        }
    }
}
