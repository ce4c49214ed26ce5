using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// exp(x) / sum(exp(x)) along <paramref name="dim"/>, computed after subtracting each slice's
        /// maximum so that large inputs do not overflow.
        /// </summary>
        /// <param name="dim">The dimension whose slices sum to 1; negative counts from the end.</param>
        /// <returns>A new tensor of the same shape.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not a dimension of this tensor.</exception>
        public Tensor Softmax(int dim) => SoftmaxCore(dim, logarithm: false);

        /// <summary>
        /// log(softmax(x)) along <paramref name="dim"/>, computed as x − max − log(sum(exp(x − max)))
        /// so that it stays finite where softmax underflows.
        /// </summary>
        /// <param name="dim">The dimension to normalise over; negative counts from the end.</param>
        /// <returns>A new tensor of the same shape.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not a dimension of this tensor.</exception>
        public Tensor LogSoftmax(int dim) => SoftmaxCore(dim, logarithm: true);

        private Tensor SoftmaxCore(int dim, bool logarithm)
        {
            if (IsOnDevice)
            {
                return DeviceOps.SoftmaxLastDim(this, dim, logarithm);
            }

            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            (int outer, int size, int inner) = SplitAt(_shape, d);
            Tensor result = UninitializedLike(this);
            if (size == 0)
            {
                return result;
            }

            // Slices along a dimension other than the last are strided: gather each into a buffer.
            float[]? buffer = inner == 1 ? null : new float[size];
            float[]? exponentials = logarithm ? new float[size] : null;
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int start = o * size * inner + i;
                    Span<float> slice;
                    if (buffer is null)
                    {
                        slice = result.Host().AsSpan(start, size);
                        Host().AsSpan(start, size).CopyTo(slice);
                    }
                    else
                    {
                        slice = buffer;
                        for (int s = 0; s < size; s++)
                        {
                            buffer[s] = Host()[start + s * inner];
                        }
                    }

                    SoftmaxSlice(slice, exponentials);
                    if (buffer is not null)
                    {
                        for (int s = 0; s < size; s++)
                        {
                            result.Host()[start + s * inner] = buffer[s];
                        }
                    }
                }
            }

            return result;
        }

        /// <summary>Replaces one slice by its softmax, or by its log-softmax when given room for the exponentials.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void SoftmaxSlice(Span<float> slice, float[]? exponentials)
        {
            float max = TensorPrimitives.Max(slice);
            if (float.IsNegativeInfinity(max))
            {
                // Every entry is −infinity: shifting would give NaN; PyTorch gives NaN too, so keep that.
                max = 0f;
            }

            TensorPrimitives.Subtract(slice, max, slice);
            if (exponentials is not null)
            {
                // log-sum-exp of the shifted slice, then x − max − lse.
                Span<float> scratch = exponentials.AsSpan(0, slice.Length);
                TensorPrimitives.Exp(slice, scratch);
                TensorPrimitives.Subtract(slice, MathF.Log(TensorPrimitives.Sum<float>(scratch)), slice);
            }
            else
            {
                TensorPrimitives.Exp(slice, slice);
                TensorPrimitives.Divide(slice, TensorPrimitives.Sum<float>(slice), slice);
            }
        }
    }
}
