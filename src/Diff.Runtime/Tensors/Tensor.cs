using System;
using System.Numerics.Tensors;
using ILGPU;
using ILGPU.Runtime;
using Diff.Internal;
using System.Runtime.CompilerServices;

namespace Diff
{
    /// <summary>
    /// A dense float32 tensor, contiguous and row-major, with PyTorch's vocabulary: NumPy-style
    /// broadcasting operators, reductions, activations and matrix products.
    /// </summary>
    /// <remarks>
    /// Ops never mutate their operands and always return a new tensor; only <see cref="AddInPlace"/>,
    /// <see cref="MatMul(Tensor, Tensor, Tensor)"/> (into its destination) and writes through <see cref="AsSpan"/>
    /// change a tensor. The storage of the intermediates of a generated gradient call is pooled: it is reused
    /// by later calls once the call has returned, while the call's result keeps its own. <see cref="Reshape"/> shares storage
    /// with its source, like a PyTorch view. Every differentiable op has a registered backward (the
    /// <c>…Backward</c> methods), so <c>[Differentiable]</c> methods over tensors get gradients.
    /// Negative dimensions count from the end, as in PyTorch.
    /// </remarks>
    public sealed partial class Tensor
    {
        // Exactly one of the two is set: managed elements for a tensor on Device.Cpu, a buffer from
        // the device's caching allocator for a tensor on a GPU.
        private float[]? _data;
        private DeviceStorage? _storage;
        private readonly int[] _shape;

        // Pooling of CPU storage (Internal/StoragePool, ValueStack.Unwind). _rentSeq is nonzero only for a
        // tensor whose array an op rented for it, so that this tensor alone holds the array; it orders rents
        // across threads, so that a gradient call adopts only what was rented after its mark. _shared is set
        // once anything else may reach the array (a view, the call's result, a parameter or buffer); such
        // storage never goes back. _released is set when the array went back to the pool.
        private long _rentSeq;
        private int _rentThread;
        private bool _shared;
        private bool _adopted;
        private bool _released;
        private static long s_rentSeq;

        /// <summary>Wraps <paramref name="data"/> without copying; the caller hands over ownership.</summary>
        private Tensor(float[] data, int[] shape)
        {
            _data = data;
            _shape = shape;
        }

        /// <summary>Wraps device storage without copying; views of one tensor share it.</summary>
        private Tensor(DeviceStorage storage, int[] shape)
        {
            _storage = storage;
            _shape = shape;
        }

        /// <summary>The device this tensor's elements live on, like PyTorch's <c>tensor.device</c>.</summary>
        public Device Device => _storage?.Device ?? Device.Cpu;

        /// <summary>The size of each dimension (a copy: changing it does not change the tensor).</summary>
        public int[] Shape => (int[])_shape.Clone();

        /// <summary>The number of dimensions; 0 for a scalar.</summary>
        public int Rank => _shape.Length;

        /// <summary>The number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
        public int Count => _data?.Length ?? _storage?.Length ?? throw ReleasedError();

        /// <summary>Creates a tensor holding a copy of <paramref name="data"/>, laid out row-major in <paramref name="shape"/>.</summary>
        /// <param name="data">The elements in row-major order; its length must equal the product of <paramref name="shape"/>.</param>
        /// <param name="shape">The dimensions; empty for a scalar.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">The length does not match the shape, or a dimension is negative.</exception>
        public static Tensor FromArray(float[] data, params int[] shape)
        {
            ArgumentNullException.ThrowIfNull(data);
            ArgumentNullException.ThrowIfNull(shape);
            int count = CountOf(shape, nameof(shape));
            if (data.Length != count)
            {
                throw new ArgumentException(
                    $"Data of length {data.Length} does not fit shape {ShapeText(shape)}, which holds {count} elements.", nameof(data));
            }

            return new Tensor((float[])data.Clone(), (int[])shape.Clone());
        }

        /// <summary>
        /// Creates a rank-1 tensor holding a copy of <paramref name="data"/>, inferring the shape
        /// <c>[data.Length]</c> as <c>torch.tensor([…])</c> does. Pass a shape to the other overload
        /// for any other layout (an empty shape makes a scalar).
        /// </summary>
        /// <param name="data">The elements.</param>
        /// <returns>A new tensor of shape <c>[data.Length]</c>.</returns>
        public static Tensor FromArray(float[] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            return new Tensor((float[])data.Clone(), new[] { data.Length });
        }

        /// <summary>Creates a matrix from a rectangular array, inferring the shape <c>[rows, columns]</c>.</summary>
        /// <param name="data">The elements; <c>data[i, j]</c> becomes element <c>[i, j]</c>.</param>
        /// <returns>A new rank-2 tensor.</returns>
        public static Tensor FromArray(float[,] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            var flat = new float[data.Length];
            Buffer.BlockCopy(data, 0, flat, 0, flat.Length * sizeof(float));
            return new Tensor(flat, new[] { data.GetLength(0), data.GetLength(1) });
        }

        /// <summary>Creates a rank-3 tensor from a rectangular array, inferring its shape.</summary>
        /// <param name="data">The elements; <c>data[i, j, k]</c> becomes element <c>[i, j, k]</c>.</param>
        /// <returns>A new rank-3 tensor.</returns>
        public static Tensor FromArray(float[,,] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            var flat = new float[data.Length];
            Buffer.BlockCopy(data, 0, flat, 0, flat.Length * sizeof(float));
            return new Tensor(flat, new[] { data.GetLength(0), data.GetLength(1), data.GetLength(2) });
        }

        /// <summary>Creates a tensor of zeros.</summary>
        /// <param name="shape">The dimensions; empty for a scalar.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Zeros(params int[] shape) => Full(shape, 0f);

        /// <summary>Creates a tensor of ones.</summary>
        /// <param name="shape">The dimensions; empty for a scalar.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Ones(params int[] shape) => Full(shape, 1f);

        /// <summary>Creates a tensor with every element equal to <paramref name="value"/>.</summary>
        /// <param name="shape">The dimensions; empty for a scalar.</param>
        /// <param name="value">The fill value.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Full(int[] shape, float value)
        {
            ArgumentNullException.ThrowIfNull(shape);
            Tensor result = Fresh(CopyShape(shape, nameof(shape)));
            if (value != 0f)
            {
                result._data!.AsSpan().Fill(value);
            }

            return result;
        }

        /// <summary>Creates a rank-0 tensor (shape <c>[]</c>) holding <paramref name="value"/>, like <c>torch.tensor(5.)</c>.</summary>
        /// <param name="value">The value.</param>
        /// <returns>A new scalar tensor.</returns>
        public static Tensor Scalar(float value) => new(new[] { value }, Array.Empty<int>());

        /// <summary>Creates the vector <c>[0, 1, …, n-1]</c>, like <c>torch.arange(n)</c> as floats.</summary>
        /// <param name="n">The number of elements, at least 0.</param>
        /// <returns>A new rank-1 tensor.</returns>
        public static Tensor Arange(int n)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(n);
            var data = new float[n];
            for (int i = 0; i < n; i++)
            {
                data[i] = i;
            }

            return new Tensor(data, new[] { n });
        }

        /// <summary>Creates a tensor of values drawn uniformly from [0, 1), like <c>torch.rand</c>.</summary>
        /// <param name="shape">The dimensions.</param>
        /// <param name="generator">The source of randomness; the default generator when null (reproducible after <see cref="Generator.ManualSeed"/>).</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Rand(int[] shape, Generator? generator = null)
        {
            ArgumentNullException.ThrowIfNull(shape);
            Tensor result = Fresh(CopyShape(shape, nameof(shape)));
            Generator.Draw(generator, g => g.FillUniform(result._data!));
            return result;
        }

        /// <summary>Creates a tensor of values drawn from the standard normal distribution, like <c>torch.randn</c>.</summary>
        /// <param name="shape">The dimensions.</param>
        /// <param name="generator">The source of randomness; the default generator when null (reproducible after <see cref="Generator.ManualSeed"/>).</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Randn(int[] shape, Generator? generator = null)
        {
            ArgumentNullException.ThrowIfNull(shape);
            Tensor result = Fresh(CopyShape(shape, nameof(shape)));
            Generator.Draw(generator, g => g.FillNormal(result._data!));
            return result;
        }

        /// <summary>Creates a tensor of zeros with the shape of <paramref name="other"/>.</summary>
        /// <param name="other">The tensor whose shape to use.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor ZerosLike(Tensor other)
        {
            ArgumentNullException.ThrowIfNull(other);
            if (other._storage is not null)
            {
                return DeviceOps.Filled(other._storage.Device, other._shape, 0f);
            }

            return new Tensor(new float[other._data!.Length], other._shape);
        }

        /// <summary>Creates a tensor of ones with the shape of <paramref name="other"/>.</summary>
        /// <param name="other">The tensor whose shape to use.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor OnesLike(Tensor other)
        {
            ArgumentNullException.ThrowIfNull(other);
            if (other._storage is not null)
            {
                return DeviceOps.Filled(other._storage.Device, other._shape, 1f);
            }

            Tensor result = new(new float[other._data!.Length], other._shape);
            result._data!.AsSpan().Fill(1f);
            return result;
        }

        /// <summary>Copies this tensor into new storage.</summary>
        /// <returns>A tensor with the same shape and values that shares nothing with this one.</returns>
        public Tensor Clone()
        {
            if (_storage is not null)
            {
                Tensor copy = UninitializedOn(_storage.Device, _shape);
                copy._storage!.View.CopyFrom(_storage.View);
                return copy;
            }

            return new((float[])Host().Clone(), _shape);
        }

        /// <summary>The elements in row-major order. Writing through the span changes this tensor (and any reshaped view of it).</summary>
        /// <returns>A span over the storage.</returns>
        /// <exception cref="NotSupportedException">The tensor is on a GPU; copy it with <c>To(Device.Cpu)</c> or use <see cref="ToArray"/>.</exception>
        public Span<float> AsSpan() => Host();

        /// <summary>Copies the elements out in row-major order (from the device when the tensor is on a GPU).</summary>
        /// <returns>A new array.</returns>
        public float[] ToArray()
        {
            if (_storage is not null)
            {
                var host = new float[_storage.Length];
                _storage.View.CopyToCPU(host);
                return host;
            }

            return (float[])Host().Clone();
        }

        /// <summary>The value of a one-element tensor, like PyTorch's <c>.item()</c>.</summary>
        /// <returns>The only element.</returns>
        /// <exception cref="InvalidOperationException">The tensor does not have exactly one element.</exception>
        public float Item()
        {
            if (Count != 1)
            {
                throw new InvalidOperationException(
                    $"Item() needs a tensor with exactly one element, but this one has shape {ShapeText(_shape)} ({Count} elements).");
            }

            return _storage is null ? Host()[0] : ToArray()[0];
        }

        /// <summary>
        /// Adds <paramref name="other"/> into this tensor element by element, for accumulating
        /// gradients. Shapes must be equal: there is no broadcasting.
        /// </summary>
        /// <param name="other">The tensor to add; it is not changed.</param>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        public void AddInPlace(Tensor other)
        {
            ArgumentNullException.ThrowIfNull(other);
            if (!SameShape(_shape, other._shape))
            {
                throw new ArgumentException(
                    $"AddInPlace needs equal shapes (no broadcasting), but got [this] {ShapeText(_shape)} and [other] {ShapeText(other._shape)}.", nameof(other));
            }

            if (DeviceOps.OnDevice(this, other, nameof(AddInPlace)))
            {
                DeviceOps.AddInto(this, other);
                return;
            }

            TensorPrimitives.Add(_data!, other._data!, _data!);
        }

        /// <summary>The storage, for kernels in this assembly.</summary>
        internal float[] Data => Host();

        /// <summary>The device storage, or null for a tensor on the CPU.</summary>
        internal DeviceStorage? Storage => _storage;

        /// <summary>Whether the elements live on a GPU (any device but <see cref="Device.Cpu"/>).</summary>
        internal bool IsOnDevice => _storage is not null;

        /// <summary>
        /// The managed elements of a tensor on the CPU. On a GPU there are none: ops that have no device
        /// kernel throw here, naming themselves, instead of reading an empty array.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal float[] Host([CallerMemberName] string operation = "")
        {
            return _data ?? throw (_released ? ReleasedError() : OnlyOnCpu(operation));
        }

        /// <summary>A tensor of another shape over the same storage (a view), on this tensor's device.</summary>
        /// <remarks>The storage is marked shared: the view may outlive a gradient call, so it never goes back to the pool.</remarks>
        internal Tensor SharingStorage(int[] shape)
        {
            if (_storage is not null)
            {
                return new(_storage, shape);
            }

            _shared = true;
            return new(Host(), shape);
        }

        /// <summary>A tensor over new storage on <paramref name="device"/>; zeroed on the CPU, unset on a GPU.</summary>
        internal static Tensor UninitializedOn(Device device, int[] shape) =>
            device.IsCpu ? Uninitialized(shape) : new(new DeviceStorage(device, ProductOf(shape)), shape);

        /// <summary>The shape without a copy, for kernels in this assembly; never write to it.</summary>
        internal int[] ShapeView => _shape;

        /// <summary>A tensor over zeroed storage rented from the pool; <paramref name="shape"/> is taken over, not copied.</summary>
        internal static Tensor Uninitialized(int[] shape) => Rented(shape, clear: true);

        /// <summary>
        /// A tensor over storage rented from the pool whose elements are left as they are (garbage): only for an op that
        /// writes every element before anything reads one. <paramref name="shape"/> is taken over, not copied.
        /// </summary>
        internal static Tensor UninitializedForOverwrite(int[] shape) => Rented(shape, clear: false);

        /// <summary>Like <see cref="UninitializedLike"/> for a CPU tensor, but not cleared: only for an op that writes every element.</summary>
        internal static Tensor UninitializedLikeForOverwrite(Tensor other) =>
            other._storage is null ? UninitializedForOverwrite(other._shape) : UninitializedLike(other);

        /// <summary>A tensor over a new array of its own (never one from the pool), for the public factories.</summary>
        private static Tensor Fresh(int[] shape) => new(new float[ProductOf(shape)], shape);

        private static Tensor Rented(int[] shape, bool clear) => new(StoragePool.Rent(ProductOf(shape), clear), shape)
        {
            _rentSeq = System.Threading.Interlocked.Increment(ref s_rentSeq),
            _rentThread = Environment.CurrentManagedThreadId,
        };

        /// <summary>The rent counter now: tensors rented later have a larger <see cref="_rentSeq"/>.</summary>
        internal static long RentMark() => System.Threading.Interlocked.Read(ref s_rentSeq);

        /// <summary>
        /// Whether a gradient call may take this tensor's storage back when it ends: the tensor's array was rented on
        /// this thread after <paramref name="mark"/>, by an op for this very tensor, nothing shares it, and no call has
        /// adopted it yet. Marks it adopted when so.
        /// </summary>
        internal bool TryAdopt(long mark)
        {
            if (_rentSeq <= mark || _shared || _adopted || _released || _data is null || _rentThread != Environment.CurrentManagedThreadId)
            {
                return false;
            }

            _adopted = true;
            return true;
        }

        /// <summary>Keeps this tensor's storage out of the pool for good: something outside a gradient call's intermediates holds the tensor.</summary>
        internal void MarkShared() => _shared = true;

        /// <summary>
        /// Gives the storage of an adopted tensor back to the pool unless it became shared since; the tensor is then
        /// released, and any later use throws instead of reading an array that another tensor now holds.
        /// </summary>
        internal void ReleaseAdopted()
        {
            if (!_adopted || _shared || _released || _data is null)
            {
                return;
            }

            float[] data = _data;
            _data = null;
            _released = true;
            StoragePool.Return(data);
        }

        /// <summary>Whether the storage went back to the pool (for tests).</summary>
        internal bool IsReleased => _released;

        private static InvalidOperationException ReleasedError() => new(
            "This tensor was an intermediate of a gradient call, and its storage went back to the pool when the call ended. "
            + "Only the call's result (and views of it) outlives the call.");

        /// <summary>Wraps storage without copying; both arguments are taken over.</summary>
        internal static Tensor Wrap(float[] data, int[] shape) => new(data, shape);

        /// <summary>A tensor with new zeroed storage and the same shape (shape arrays are never written, so they are shared).</summary>
        internal static Tensor UninitializedLike(Tensor other) =>
            other._storage is null ? Uninitialized(other._shape) : new(new DeviceStorage(other._storage.Device, other._storage.Length), other._shape);

        private static NotSupportedException OnlyOnCpu(string operation) => new(
            $"{EntryPoint(operation)} runs only on the CPU, and this tensor is on a GPU. Copy it with .To(Device.Cpu) first; docs/devices.md lists the ops that run on a device.");

        // The tensor op the caller called, found on the stack (the error path only): the helper that
        // needed the elements (say ExpandTo) means less to the user than the op (say Tensor.Where).
        // That is the outermost public Tensor method in the run of runtime frames above this one.
        private static string EntryPoint(string operation)
        {
            System.Reflection.MethodBase? entry = null;
            bool inRuntime = false;
            foreach (System.Diagnostics.StackFrame frame in new System.Diagnostics.StackTrace().GetFrames())
            {
                System.Reflection.MethodBase? method = frame.GetMethod();
                if (method?.DeclaringType?.Assembly != typeof(Tensor).Assembly)
                {
                    if (inRuntime)
                    {
                        break;
                    }

                    continue;
                }

                inRuntime = true;
                if (method.DeclaringType == typeof(Tensor) && method.IsPublic)
                {
                    entry = method;
                }
            }

            return entry is { IsPublic: true, DeclaringType: { } type } && entry.Name != operation
                ? $"{operation} (in {type.Name}.{entry.Name})"
                : operation;
        }

        internal static bool SameShape(int[] left, int[] right) => left.AsSpan().SequenceEqual(right);

        /// <summary>Formats a shape as PyTorch-like text: <c>[2, 3]</c>.</summary>
        internal static string ShapeText(ReadOnlySpan<int> shape)
        {
            var builder = new System.Text.StringBuilder("[");
            for (int i = 0; i < shape.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                builder.Append(shape[i]);
            }

            return builder.Append(']').ToString();
        }

        /// <summary>Turns a possibly negative dimension into an index in [0, rank), or throws naming the argument.</summary>
        internal static int NormalizeDim(int dim, int rank, string argumentName, int[] shape)
        {
            int normalized = dim < 0 ? dim + rank : dim;
            if (normalized < 0 || normalized >= rank)
            {
                throw new ArgumentOutOfRangeException(
                    argumentName,
                    dim,
                    rank == 0
                        ? $"Dimension {dim} is out of range for a tensor of shape [], which has no dimensions; use the overload without a dimension, or Reshape(1) first."
                        : $"Dimension {dim} is out of range for a tensor of shape {ShapeText(shape)} (valid: {-rank} to {rank - 1}).");
            }

            return normalized;
        }

        /// <summary>Splits the shape around <paramref name="dim"/>: elements before it, its size, elements after it.</summary>
        internal static (int Outer, int Size, int Inner) SplitAt(int[] shape, int dim)
        {
            int outer = 1;
            for (int i = 0; i < dim; i++)
            {
                outer *= shape[i];
            }

            int inner = 1;
            for (int i = dim + 1; i < shape.Length; i++)
            {
                inner *= shape[i];
            }

            return (outer, shape[dim], inner);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static int ProductOf(int[] shape)
        {
            int count = 1;
            foreach (int size in shape)
            {
                count *= size;
            }

            return count;
        }

        private static int[] CopyShape(int[] shape, string argumentName)
        {
            CountOf(shape, argumentName);
            return (int[])shape.Clone();
        }

        /// <summary>The element count of a user-given shape, which must have no negative dimension and fit an array.</summary>
        private static int CountOf(int[] shape, string argumentName)
        {
            long count = 1;
            foreach (int size in shape)
            {
                if (size < 0)
                {
                    throw new ArgumentException($"Shape {ShapeText(shape)} has a negative dimension.", argumentName);
                }

                count *= size;
                if (count > Array.MaxLength)
                {
                    throw new ArgumentException($"Shape {ShapeText(shape)} has more elements than an array can hold.", argumentName);
                }
            }

            return (int)count;
        }
    }
}
