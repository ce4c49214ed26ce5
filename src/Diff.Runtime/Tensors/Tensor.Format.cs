using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Diff
{
    public sealed partial class Tensor
    {
        // PyTorch's default print options.
        private const int PrintThreshold = 1000;
        private const int PrintEdgeItems = 3;
        private const int PrintLineWidth = 80;
        private const int PrintPrecision = 4;

        /// <summary>
        /// Formats the tensor as PyTorch prints it with default options: <c>tensor(5.)</c>,
        /// <c>tensor([2., 4., 6.])</c>, <c>tensor([[ 0.6976,  1.3953], …])</c>.
        /// </summary>
        /// <remarks>
        /// As in PyTorch, integer-valued tensors print as <c>2.</c>; others with 4 decimals, or in
        /// scientific notation when the non-zero magnitudes span more than a factor 1000, exceed 1e8,
        /// or (for non-integers) fall below 1e-4. Elements are right-aligned to a common width,
        /// rows wrap at 80 characters, and tensors with more than 1000 elements show only the first
        /// and last 3 entries of each dimension, with <c>...</c> between.
        /// </remarks>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            if (IsOnDevice)
            {
                // Printed from a host copy, with the device named as PyTorch names it.
                string text = To(Device.Cpu).ToString();
                return text.Substring(0, text.Length - 1) + ", device='" + Device + "')";
            }

            const string Prefix = "tensor(";
            if (Host().Length == 0)
            {
                string size = _shape.Length == 1 ? string.Empty : ", size=(" + string.Join(", ", _shape) + (_shape.Length == 1 ? ",)" : ")");
                return Prefix + "[]" + size + ")";
            }

            bool summarize = Host().Length > PrintThreshold;
            var formatter = new ElementFormatter(summarize ? SummarizedValues() : Host());
            var builder = new StringBuilder(Prefix);
            AppendSlice(builder, 0, 0, Prefix.Length, summarize, formatter);
            return builder.Append(')').ToString();
        }

        /// <summary>Appends the sub-tensor at dimension <paramref name="dim"/> starting at element <paramref name="offset"/>.</summary>
        private void AppendSlice(StringBuilder builder, int dim, int offset, int indent, bool summarize, ElementFormatter formatter)
        {
            int rank = _shape.Length;
            if (rank == 0)
            {
                builder.Append(formatter.Format(Host()[0]));
                return;
            }

            int size = _shape[dim];
            bool elide = summarize && size > 2 * PrintEdgeItems;
            if (dim == rank - 1)
            {
                int elementsPerLine = Math.Max(1, (PrintLineWidth - indent) / (formatter.Width + 2));
                builder.Append('[');
                int written = 0;
                for (int i = 0; i < size; i++)
                {
                    if (elide && i == PrintEdgeItems)
                    {
                        AppendElement(builder, " ...", ref written, elementsPerLine, indent);
                        i = size - PrintEdgeItems - 1;
                        continue;
                    }

                    AppendElement(builder, formatter.Format(Host()[offset + i]), ref written, elementsPerLine, indent);
                }

                builder.Append(']');
                return;
            }

            int stride = 1;
            for (int d = dim + 1; d < rank; d++)
            {
                stride *= _shape[d];
            }

            builder.Append('[');
            for (int i = 0; i < size; i++)
            {
                if (i > 0)
                {
                    builder.Append(',').Append('\n', rank - dim - 1).Append(' ', indent + 1);
                }

                if (elide && i == PrintEdgeItems)
                {
                    builder.Append("...");
                    i = size - PrintEdgeItems - 1;
                    continue;
                }

                AppendSlice(builder, dim + 1, offset + i * stride, indent + 1, summarize, formatter);
            }

            builder.Append(']');
        }

        private static void AppendElement(StringBuilder builder, string text, ref int written, int elementsPerLine, int indent)
        {
            if (written > 0)
            {
                builder.Append(written % elementsPerLine == 0 ? ",\n" + new string(' ', indent + 1) : ", ");
            }

            builder.Append(text);
            written++;
        }

        /// <summary>The elements a summarised print shows (the first and last 3 along each dimension), which alone set the format.</summary>
        private List<float> SummarizedValues()
        {
            var values = new List<float>();
            CollectSummarized(values, 0, 0);
            return values;
        }

        private void CollectSummarized(List<float> values, int dim, int offset)
        {
            if (_shape.Length == 0)
            {
                values.Add(Host()[0]);
                return;
            }

            int size = _shape[dim];
            int stride = 1;
            for (int d = dim + 1; d < _shape.Length; d++)
            {
                stride *= _shape[d];
            }

            for (int i = 0; i < size; i++)
            {
                if (size > 2 * PrintEdgeItems && i == PrintEdgeItems)
                {
                    i = size - PrintEdgeItems;
                }

                if (dim == _shape.Length - 1)
                {
                    values.Add(Host()[offset + i]);
                }
                else
                {
                    CollectSummarized(values, dim + 1, offset + i * stride);
                }
            }
        }

        /// <summary>PyTorch's float formatter: one mode and one width for all elements of a print.</summary>
        private sealed class ElementFormatter
        {
            private readonly bool _integerMode = true;
            private readonly bool _scientific;

            public ElementFormatter(IReadOnlyList<float> values)
            {
                Width = 1;
                double minAbs = double.PositiveInfinity;
                double maxAbs = 0;
                bool any = false;
                foreach (float value in values)
                {
                    if (value == 0f || !float.IsFinite(value))
                    {
                        continue;
                    }

                    any = true;
                    double magnitude = Math.Abs((double)value);
                    minAbs = Math.Min(minAbs, magnitude);
                    maxAbs = Math.Max(maxAbs, magnitude);
                    if (value != MathF.Ceiling(value))
                    {
                        _integerMode = false;
                    }
                }

                if (!any)
                {
                    return;
                }

                _scientific = maxAbs / minAbs > 1000.0 || maxAbs > 1.0e8 || (!_integerMode && minAbs < 1.0e-4);
                foreach (float value in values)
                {
                    if (value == 0f || !float.IsFinite(value))
                    {
                        continue;
                    }

                    int length = _scientific ? Scientific(value).Length
                        : _integerMode ? ((double)value).ToString("F0", CultureInfo.InvariantCulture).Length + 1
                        : ((double)value).ToString("F" + PrintPrecision, CultureInfo.InvariantCulture).Length;
                    Width = Math.Max(Width, length);
                }
            }

            /// <summary>The width every element is padded to.</summary>
            public int Width { get; }

            public string Format(float value)
            {
                string text;
                if (float.IsNaN(value))
                {
                    text = "nan";
                }
                else if (float.IsInfinity(value))
                {
                    text = value > 0 ? "inf" : "-inf";
                }
                else if (_scientific)
                {
                    text = Scientific(value);
                }
                else if (_integerMode)
                {
                    text = ((double)value).ToString("F0", CultureInfo.InvariantCulture) + ".";
                }
                else
                {
                    text = ((double)value).ToString("F" + PrintPrecision, CultureInfo.InvariantCulture);
                }

                return text.Length >= Width ? text : text.PadLeft(Width);
            }

            /// <summary>Python's <c>{:.4e}</c>: <c>1.2345e+03</c>, with at least two exponent digits.</summary>
            private static string Scientific(float value)
            {
                string text = ((double)value).ToString("E" + PrintPrecision, CultureInfo.InvariantCulture);
                int e = text.IndexOf('E');
                string mantissa = text.Substring(0, e);
                char sign = text[e + 1];
                string digits = text.Substring(e + 2).TrimStart('0');
                return mantissa + "e" + sign + digits.PadLeft(2, '0');
            }
        }
    }
}
