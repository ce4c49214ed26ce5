using System;
using System.Globalization;
using System.Text;

namespace Diff
{
    /// <summary>
    /// A dense int32 tensor, contiguous and row-major, for what PyTorch keeps in a <c>LongTensor</c>:
    /// class targets, and the indices of <see cref="Tensor.IndexSelect(int, IntTensor)"/>,
    /// <see cref="Tensor.Gather(int, IntTensor)"/> and <see cref="Tensor.Scatter"/>.
    /// </summary>
    /// <remarks>
    /// It is a separate type rather than a dtype of <see cref="Tensor"/> so that a
    /// <see cref="Tensor"/> is always float32 and always differentiable: the generator gives every
    /// <see cref="Tensor"/> parameter a gradient and treats an <see cref="IntTensor"/> as a constant,
    /// and no float kernel needs a dtype check. It has no arithmetic; it only holds and reshapes indices.
    /// </remarks>
    public sealed class IntTensor
    {
        private readonly int[] _data;
        private readonly int[] _shape;

        private IntTensor(int[] data, int[] shape)
        {
            _data = data;
            _shape = shape;
        }

        /// <summary>The size of each dimension (a copy).</summary>
        public int[] Shape => (int[])_shape.Clone();

        /// <summary>The number of dimensions; 0 for a scalar.</summary>
        public int Rank => _shape.Length;

        /// <summary>The number of elements.</summary>
        public int Count => _data.Length;

        /// <summary>Creates a rank-1 tensor holding a copy of <paramref name="data"/>, like <c>torch.tensor([…])</c>.</summary>
        /// <param name="data">The elements.</param>
        /// <returns>A new tensor of shape <c>[data.Length]</c>.</returns>
        public static IntTensor FromArray(int[] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            return new IntTensor((int[])data.Clone(), new[] { data.Length });
        }

        /// <summary>Creates a tensor holding a copy of <paramref name="data"/>, laid out row-major in <paramref name="shape"/>.</summary>
        /// <param name="data">The elements in row-major order; its length must equal the product of <paramref name="shape"/>.</param>
        /// <param name="shape">The dimensions; empty for a scalar.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">The length does not match the shape, or a dimension is negative.</exception>
        public static IntTensor FromArray(int[] data, params int[] shape)
        {
            ArgumentNullException.ThrowIfNull(data);
            ArgumentNullException.ThrowIfNull(shape);
            long count = 1;
            foreach (int size in shape)
            {
                if (size < 0)
                {
                    throw new ArgumentException($"Shape {Tensor.ShapeText(shape)} has a negative dimension.", nameof(shape));
                }

                count *= size;
            }

            if (data.Length != count)
            {
                throw new ArgumentException(
                    $"Data of length {data.Length} does not fit shape {Tensor.ShapeText(shape)}, which holds {count} elements.", nameof(data));
            }

            return new IntTensor((int[])data.Clone(), (int[])shape.Clone());
        }

        /// <summary>Creates a 2-D tensor from a rectangular array, inferring its shape.</summary>
        /// <param name="data">The elements.</param>
        /// <returns>A new tensor of shape <c>[rows, columns]</c>.</returns>
        public static IntTensor FromArray(int[,] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            var flat = new int[data.Length];
            Buffer.BlockCopy(data, 0, flat, 0, flat.Length * sizeof(int));
            return new IntTensor(flat, new[] { data.GetLength(0), data.GetLength(1) });
        }

        /// <summary>The vector <c>[0, 1, …, n-1]</c>, like <c>torch.arange(n)</c>.</summary>
        /// <param name="n">The number of elements, at least 0.</param>
        /// <returns>A new rank-1 tensor.</returns>
        public static IntTensor Arange(int n)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(n);
            var data = new int[n];
            for (int i = 0; i < n; i++)
            {
                data[i] = i;
            }

            return new IntTensor(data, new[] { n });
        }

        /// <summary>A random permutation of <c>0 … n-1</c>, like <c>torch.randperm(n)</c>.</summary>
        /// <param name="n">The number of elements, at least 0.</param>
        /// <param name="generator">The source of randomness; the default generator (see <see cref="Generator.ManualSeed"/>) when null.</param>
        /// <returns>A new rank-1 tensor.</returns>
        public static IntTensor RandPerm(int n, Generator? generator = null)
        {
            IntTensor result = Arange(n);
            Generator.Draw(generator, g => g.Shuffle(result._data));
            return result;
        }

        /// <summary>The elements in row-major order; writing through the span changes this tensor.</summary>
        /// <returns>A span over the storage.</returns>
        public Span<int> AsSpan() => _data;

        /// <summary>Copies the elements out in row-major order.</summary>
        /// <returns>A new array.</returns>
        public int[] ToArray() => (int[])_data.Clone();

        /// <summary>The same elements in a new shape (sharing storage), like <c>x.reshape(...)</c>; every dimension is given (no −1).</summary>
        /// <param name="shape">The new dimensions; their product must equal <see cref="Count"/>.</param>
        /// <returns>A tensor viewing this tensor's elements.</returns>
        /// <exception cref="ArgumentException">The element counts differ.</exception>
        public IntTensor Reshape(params int[] shape)
        {
            ArgumentNullException.ThrowIfNull(shape);
            long count = 1;
            foreach (int size in shape)
            {
                count *= size < 0 ? -1 : size;
            }

            if (count != _data.Length)
            {
                throw new ArgumentException(
                    $"Shape {Tensor.ShapeText(shape)} does not hold the {_data.Length} elements of an int tensor of shape {Tensor.ShapeText(_shape)}.", nameof(shape));
            }

            return new IntTensor(_data, (int[])shape.Clone());
        }

        /// <summary>The rows at <paramref name="indices"/> along dimension 0, copied (for mini-batches).</summary>
        /// <param name="indices">Row positions, each in [0, Shape[0]).</param>
        /// <returns>A new tensor with <c>indices.Length</c> rows.</returns>
        /// <exception cref="InvalidOperationException">This tensor is a scalar.</exception>
        /// <exception cref="ArgumentException">A position is out of range.</exception>
        public IntTensor Rows(ReadOnlySpan<int> indices)
        {
            if (_shape.Length == 0)
            {
                throw new InvalidOperationException("Rows needs a tensor of rank 1 or more, but this one is a scalar.");
            }

            int rowLength = _shape[0] == 0 ? 0 : _data.Length / _shape[0];
            int[] shape = (int[])_shape.Clone();
            shape[0] = indices.Length;
            var data = new int[indices.Length * rowLength];
            for (int i = 0; i < indices.Length; i++)
            {
                if ((uint)indices[i] >= (uint)_shape[0])
                {
                    throw new ArgumentException($"indices[{i}] = {indices[i]} is outside [0, {_shape[0]}) for an int tensor of shape {Tensor.ShapeText(_shape)}.", nameof(indices));
                }

                _data.AsSpan(indices[i] * rowLength, rowLength).CopyTo(data.AsSpan(i * rowLength, rowLength));
            }

            return new IntTensor(data, shape);
        }

        /// <summary>Converts to a float tensor of the same shape, like <c>x.float()</c>.</summary>
        /// <returns>A new tensor.</returns>
        public Tensor ToFloat()
        {
            var data = new float[_data.Length];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = _data[i];
            }

            return Tensor.Wrap(data, _shape);
        }

        /// <summary>The elements and shape as text, like PyTorch's <c>tensor([1, 2, 3])</c> (rank 1 and 0 in full; otherwise flat with the shape).</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            var builder = new StringBuilder("tensor(");
            if (_shape.Length == 0)
            {
                builder.Append(_data[0].ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append('[').AppendJoin(", ", _data).Append(']');
                if (_shape.Length > 1)
                {
                    builder.Append(", shape=").Append(Tensor.ShapeText(_shape));
                }
            }

            return builder.Append(", dtype=int32)").ToString();
        }

        /// <summary>The storage, for kernels in this assembly.</summary>
        internal int[] Data => _data;

        /// <summary>The shape without a copy, for kernels in this assembly; never write to it.</summary>
        internal int[] ShapeView => _shape;

        /// <summary>Wraps storage without copying; both arguments are taken over.</summary>
        internal static IntTensor Wrap(int[] data, int[] shape) => new(data, shape);
    }
}
