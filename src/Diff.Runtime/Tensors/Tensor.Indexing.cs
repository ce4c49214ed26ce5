using System;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// Picks one element per row of a <c>[N, C]</c> tensor: the <c>[N]</c> tensor of
        /// <c>x[i, indices[i]]</c>, like <c>x.gather(1, idx[:, None]).squeeze(1)</c> (used by the NLL loss).
        /// </summary>
        /// <param name="indices">N column indices, each in [0, C).</param>
        /// <returns>A new rank-1 tensor of length N.</returns>
        /// <exception cref="InvalidOperationException">This tensor is not rank 2.</exception>
        /// <exception cref="ArgumentException">The number of indices is not N, or an index is outside [0, C).</exception>
        public Tensor Gather(int[] indices)
        {
            ArgumentNullException.ThrowIfNull(indices);
            (int rows, int columns) = CheckGather(indices);
            if (IsOnDevice)
            {
                return DeviceOps.GatherRows(this, indices);
            }

            Tensor result = Uninitialized(new[] { rows });
            for (int i = 0; i < rows; i++)
            {
                result.Host()[i] = Host()[i * columns + indices[i]];
            }

            return result;
        }

        private (int Rows, int Columns) CheckGather(int[] indices)
        {
            if (_shape.Length != 2)
            {
                throw new InvalidOperationException($"Gather needs a rank-2 tensor [N, C], but this one has shape {ShapeText(_shape)}.");
            }

            int rows = _shape[0];
            int columns = _shape[1];
            if (indices.Length != rows)
            {
                throw new ArgumentException($"Gather needs one index per row: {rows} for shape {ShapeText(_shape)}, but got {indices.Length}.", nameof(indices));
            }

            for (int i = 0; i < rows; i++)
            {
                if ((uint)indices[i] >= (uint)columns)
                {
                    throw new ArgumentException(
                        $"indices[{i}] = {indices[i]} is outside [0, {columns}) for a tensor of shape {ShapeText(_shape)}.", nameof(indices));
                }
            }

            return (rows, columns);
        }
    }
}
