using System;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// The same elements in a new shape, like <c>x.reshape(...)</c>. One dimension may be −1: it
        /// is inferred from the others. The result shares storage with this tensor (a view).
        /// </summary>
        /// <param name="shape">The new dimensions; their product must equal <see cref="Count"/>.</param>
        /// <returns>A tensor viewing this tensor's elements.</returns>
        /// <exception cref="ArgumentException">The element counts differ, more than one dimension is −1, or a dimension is below −1.</exception>
        public Tensor Reshape(params int[] shape)
        {
            ArgumentNullException.ThrowIfNull(shape);
            int[] resolved = (int[])shape.Clone();
            int inferred = -1;
            long known = 1;
            for (int i = 0; i < resolved.Length; i++)
            {
                if (resolved[i] == -1)
                {
                    if (inferred >= 0)
                    {
                        throw new ArgumentException($"Reshape to {ShapeText(shape)} has more than one -1 dimension (tensor of shape {ShapeText(_shape)}).", nameof(shape));
                    }

                    inferred = i;
                }
                else if (resolved[i] < 0)
                {
                    throw new ArgumentException($"Reshape to {ShapeText(shape)} has the invalid dimension {resolved[i]} (tensor of shape {ShapeText(_shape)}).", nameof(shape));
                }
                else
                {
                    known *= resolved[i];
                }
            }

            if (inferred >= 0)
            {
                if (known == 0 || Count % known != 0)
                {
                    throw new ArgumentException($"Shape {ShapeText(shape)} cannot hold the {Count} elements of a tensor of shape {ShapeText(_shape)}.", nameof(shape));
                }

                resolved[inferred] = (int)(Count / known);
                known *= resolved[inferred];
            }

            if (known != Count)
            {
                throw new ArgumentException(
                    $"Shape {ShapeText(shape)} holds {known} elements, but the tensor of shape {ShapeText(_shape)} has {Count}.", nameof(shape));
            }

            return SharingStorage(resolved);
        }

        /// <summary>
        /// The transpose of a matrix: shape <c>[m, n]</c> becomes <c>[n, m]</c>, copied. A scalar or a vector is returned as
        /// it is (copied), as PyTorch's <c>x.t()</c> does.
        /// </summary>
        /// <returns>A new tensor.</returns>
        /// <exception cref="InvalidOperationException">This tensor has more than two dimensions (use <see cref="Transpose(int, int)"/> or <see cref="Permute"/>).</exception>
        public Tensor Transpose()
        {
            if (_shape.Length < 2)
            {
                return Clone();
            }

            if (_shape.Length != 2)
            {
                throw new InvalidOperationException($"Transpose() needs a tensor of at most two dimensions, but this one has shape {ShapeText(_shape)}; use Transpose(dim0, dim1) or Permute.");
            }

            if (IsOnDevice)
            {
                return Permute(1, 0);
            }

            int rows = _shape[0];
            int columns = _shape[1];
            Tensor result = Uninitialized(new[] { columns, rows });
            TransposeInto(Host(), result.Host(), rows, columns);
            return result;
        }

        /// <summary>
        /// Like PyTorch's <c>x.T</c>: the dimensions in reverse order, copied. A matrix's transpose (<see cref="Transpose()"/>);
        /// a scalar or a vector as it is.
        /// </summary>
        public Tensor T => _shape.Length <= 2 ? Transpose() : Permute(ReversedDimensions(_shape.Length));

        private static int[] ReversedDimensions(int rank)
        {
            var dims = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                dims[i] = rank - 1 - i;
            }

            return dims;
        }

        /// <summary>Writes the transpose of the row-major <paramref name="rows"/>×<paramref name="columns"/> matrix.</summary>
        private static void TransposeInto(float[] source, float[] destination, int rows, int columns)
        {
            // Square tiles keep both the reads and the writes of a tile within a few cache lines.
            const int Tile = 32;
            for (int r0 = 0; r0 < rows; r0 += Tile)
            {
                int rEnd = Math.Min(r0 + Tile, rows);
                for (int c0 = 0; c0 < columns; c0 += Tile)
                {
                    int cEnd = Math.Min(c0 + Tile, columns);
                    for (int r = r0; r < rEnd; r++)
                    {
                        for (int c = c0; c < cEnd; c++)
                        {
                            destination[c * rows + r] = source[r * columns + c];
                        }
                    }
                }
            }
        }
    }
}
