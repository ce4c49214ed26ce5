using System;
using System.Numerics.Tensors;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>The sum of all elements.</summary>
        /// <returns>A rank-0 tensor (0 for an empty tensor).</returns>
        public Tensor Sum() => IsOnDevice ? DeviceOps.Sum(this, 1f) : Scalar(Summation.Sum(Host()));

        /// <summary>The sum over dimension <paramref name="dim"/>.</summary>
        /// <param name="dim">The dimension to sum over; negative counts from the end.</param>
        /// <param name="keepDim">Keep the summed dimension with size 1 instead of removing it.</param>
        /// <returns>A new tensor without that dimension (or with size 1 there).</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not a dimension of this tensor.</exception>
        public Tensor Sum(int dim, bool keepDim = false)
        {
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            if (IsOnDevice)
            {
                return DeviceOps.SumTo(this, ReducedShape(_shape, d, keepDim: true)).SharingStorage(ReducedShape(_shape, d, keepDim));
            }

            (int outer, int size, int inner) = SplitAt(_shape, d);
            Tensor result = Uninitialized(ReducedShape(_shape, d, keepDim));
            float[] source = Host();
            float[] target = result.Host();
            for (int o = 0; o < outer; o++)
            {
                if (inner == 1)
                {
                    target[o] = Summation.Sum(source.AsSpan(o * size, size));
                    continue;
                }

                // Rows of the reduced dimension are contiguous blocks of `inner` elements: add them as vectors.
                Summation.SumRows(source.AsSpan(o * size * inner, size * inner), size, inner, inner, target.AsSpan(o * inner, inner), accumulate: false);
            }

            return result;
        }

        /// <summary>The mean of all elements.</summary>
        /// <returns>A rank-0 tensor: NaN for an empty tensor (0/0), as in PyTorch.</returns>
        public Tensor Mean()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Sum(this, Count == 0 ? float.NaN : 1f / Count);
            }

            return Scalar(Count == 0 ? float.NaN : Summation.Sum(Host()) / Host().Length);
        }

        /// <summary>The mean over dimension <paramref name="dim"/>.</summary>
        /// <param name="dim">The dimension to average over; negative counts from the end.</param>
        /// <param name="keepDim">Keep the averaged dimension with size 1 instead of removing it.</param>
        /// <returns>A new tensor without that dimension (or with size 1 there).</returns>
        /// <remarks>Over a dimension of size 0 every mean is NaN (0/0), as in PyTorch.</remarks>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not a dimension of this tensor.</exception>
        public Tensor Mean(int dim, bool keepDim = false)
        {
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            Tensor result = Sum(d, keepDim);
            if (IsOnDevice)
            {
                return DeviceOps.Scaled(result, 1f / _shape[d]);
            }

            TensorPrimitives.Multiply(result.Host(), 1f / _shape[d], result.Host());
            return result;
        }

        /// <summary>The largest value along <paramref name="dim"/>, like <c>torch.max(x, dim).values</c>.</summary>
        /// <param name="dim">The dimension to reduce; negative counts from the end.</param>
        /// <returns>A new tensor without that dimension. Its gradient goes to the first position of each maximum.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not a dimension of this tensor.</exception>
        /// <exception cref="ArgumentException">That dimension has size 0.</exception>
        public Tensor Max(int dim)
        {
            if (IsOnDevice)
            {
                return DeviceOps.MaxAlong(this, dim);
            }

            int[] indices = ArgMaxIndices(dim, out int d);
            (int outer, int size, int inner) = SplitAt(_shape, d);
            Tensor result = Uninitialized(ReducedShape(_shape, d, keepDim: false));
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int at = o * inner + i;
                    result.Host()[at] = Host()[(o * size + indices[at]) * inner + i];
                }
            }

            return result;
        }

        /// <summary>
        /// The index of the largest value along <paramref name="dim"/> (the first one on ties), like
        /// <c>torch.argmax(x, dim)</c>.
        /// </summary>
        /// <param name="dim">The dimension to reduce; negative counts from the end.</param>
        /// <returns>
        /// A new tensor without that dimension holding the indices as floats (exact up to 2^24), since
        /// a tensor holds only float32; PyTorch returns an int64 tensor. Not differentiable.
        /// </returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not a dimension of this tensor.</exception>
        /// <exception cref="ArgumentException">That dimension has size 0.</exception>
        public Tensor ArgMax(int dim)
        {
            if (IsOnDevice)
            {
                return DeviceOps.ArgMaxAlong(this, dim);
            }

            int[] indices = ArgMaxIndices(dim, out int d);
            Tensor result = Uninitialized(ReducedShape(_shape, d, keepDim: false));
            for (int i = 0; i < indices.Length; i++)
            {
                result.Host()[i] = indices[i];
            }

            return result;
        }

        /// <summary>
        /// Sums this tensor down to <paramref name="shape"/>, which must broadcast to this tensor's
        /// shape: the adjoint of broadcasting, used to reduce gradients of broadcast operands.
        /// </summary>
        /// <param name="shape">The target shape, for example a bias's <c>[C]</c> for a gradient of shape <c>[N, C]</c>.</param>
        /// <returns>A new tensor of shape <paramref name="shape"/>.</returns>
        /// <exception cref="ArgumentException"><paramref name="shape"/> does not broadcast to this tensor's shape.</exception>
        public Tensor SumTo(int[] shape)
        {
            ArgumentNullException.ThrowIfNull(shape);
            Tensor reduced = SumToShared(shape, nameof(shape));
            return ReferenceEquals(reduced, this) ? Clone() : reduced;
        }

        /// <summary>Like <see cref="SumTo"/>, but returns this tensor itself when the shape already matches.</summary>
        internal Tensor SumToShared(int[] shape, string argumentName = "shape")
        {
            if (SameShape(_shape, shape))
            {
                return this;
            }

            if (!Broadcasting.BroadcastsTo(shape, _shape))
            {
                throw new ArgumentException(
                    $"Shape {ShapeText(shape)} does not broadcast to {ShapeText(_shape)}, so a tensor of that shape cannot be summed down to it (shape, this).", argumentName);
            }

            if (IsOnDevice)
            {
                return DeviceOps.SumTo(this, CopyShape(shape, argumentName));
            }

            Tensor result = Uninitialized(CopyShape(shape, argumentName));
            if (result.Host().Length == 1)
            {
                result.Host()[0] = Summation.Sum(Host());
            }
            else
            {
                Broadcasting.SumInto(Host(), _shape, result.Host(), result._shape);
            }

            return result;
        }

        /// <summary>This tensor stretched to <paramref name="shape"/> (the adjoint of <see cref="SumTo"/>), materialised.</summary>
        internal Tensor BroadcastTo(int[] shape)
        {
            if (SameShape(_shape, shape))
            {
                return this;
            }

            if (IsOnDevice)
            {
                return DeviceOps.Broadcast(this, DeviceOps.Filled(Device, Array.Empty<int>(), 0f), shape, 0);
            }

            Tensor result = Uninitialized(shape);
            if (Host().Length == 1)
            {
                result.Host().AsSpan().Fill(Host()[0]);
            }
            else
            {
                Broadcasting.Expand(Host(), _shape, result.Host(), shape);
            }

            return result;
        }

        private int[] ArgMaxIndices(int dim, out int d)
        {
            d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            (int outer, int size, int inner) = SplitAt(_shape, d);
            if (size == 0)
            {
                throw new ArgumentException($"Dimension {dim} of shape {ShapeText(_shape)} is empty, so it has no maximum.", nameof(dim));
            }

            var indices = new int[outer * inner];
            for (int o = 0; o < outer; o++)
            {
                if (inner == 1)
                {
                    indices[o] = TensorPrimitives.IndexOfMax(Host().AsSpan(o * size, size));
                    continue;
                }

                for (int i = 0; i < inner; i++)
                {
                    int best = 0;
                    float bestValue = Host()[o * size * inner + i];
                    for (int s = 1; s < size; s++)
                    {
                        float value = Host()[(o * size + s) * inner + i];

                        // A NaN wins and stays, as in PyTorch.
                        if (value > bestValue || (float.IsNaN(value) && !float.IsNaN(bestValue)))
                        {
                            best = s;
                            bestValue = value;
                        }
                    }

                    indices[o * inner + i] = best;
                }
            }

            return indices;
        }

        private static int[] ReducedShape(int[] shape, int dim, bool keepDim)
        {
            if (keepDim)
            {
                int[] kept = (int[])shape.Clone();
                kept[dim] = 1;
                return kept;
            }

            var reduced = new int[shape.Length - 1];
            for (int i = 0, j = 0; i < shape.Length; i++)
            {
                if (i != dim)
                {
                    reduced[j++] = shape[i];
                }
            }

            return reduced;
        }
    }
}
