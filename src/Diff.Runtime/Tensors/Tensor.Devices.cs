using System;
using ILGPU;
using ILGPU.Runtime;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// This tensor on <paramref name="device"/>, like PyTorch's <c>tensor.to(device)</c>: the tensor
        /// itself when it is already there, otherwise a copy.
        /// </summary>
        /// <param name="device">The device to copy to.</param>
        /// <returns>A tensor on <paramref name="device"/> with the same shape and values.</returns>
        public Tensor To(Device device)
        {
            ArgumentNullException.ThrowIfNull(device);
            if (ReferenceEquals(device, Device))
            {
                return this;
            }

            if (device.IsCpu)
            {
                return new Tensor(ToArray(), _shape);
            }

            Tensor result = UninitializedOn(device, _shape);
            if (_storage is null)
            {
                result._storage!.View.CopyFromCPU(_data!);
            }
            else
            {
                // Between two accelerators: through the host, which every pair of backends supports.
                result._storage!.View.CopyFromCPU(ToArray());
            }

            return result;
        }

        /// <summary>
        /// Moves this tensor's elements to <paramref name="device"/> in place, for module buffers that
        /// their layers hold directly (PyTorch's <c>module.to</c> moves them the same way). Views taken
        /// before the move keep the old storage.
        /// </summary>
        internal void MoveInPlace(Device device)
        {
            Tensor moved = To(device);
            (_data, _storage) = (moved._data, moved._storage);
        }

        /// <summary>Copies <paramref name="source"/>'s elements into this tensor's storage, across devices if need be.</summary>
        /// <exception cref="ArgumentException">The element counts differ.</exception>
        internal void CopyFrom(Tensor source)
        {
            if (source.Count != Count)
            {
                throw new ArgumentException(
                    $"Cannot copy {source.Count} elements (shape {ShapeText(source._shape)}) into a tensor of shape {ShapeText(_shape)}.", nameof(source));
            }

            if (_storage is null)
            {
                if (source._storage is null)
                {
                    // A large copy (a gradient into Parameter.Grad, each step) is split among the processors.
                    ParallelElementwise.Copy(source._data, _data);
                }
                else
                {
                    source._storage.View.CopyToCPU(_data!);
                }
            }
            else if (source._storage is not null && ReferenceEquals(source._storage.Device, _storage.Device))
            {
                _storage.View.CopyFrom(source._storage.View);
            }
            else
            {
                _storage.View.CopyFromCPU(source._data ?? source.ToArray());
            }
        }

        /// <summary>Sets the element at the row-major <paramref name="index"/>, on whichever device the tensor lives (one element copied to a GPU).</summary>
        internal void SetElement(int index, float value)
        {
            if (_storage is null)
            {
                _data![index] = value;
                return;
            }

            _storage.View.SubView(index, 1).CopyFromCPU(ref value, 1);
        }

        /// <summary>A copy of <paramref name="data"/> on <paramref name="device"/>, laid out row-major in <paramref name="shape"/>.</summary>
        /// <param name="data">The elements; its length must equal the product of <paramref name="shape"/>.</param>
        /// <param name="shape">The dimensions; empty for a scalar.</param>
        /// <param name="device">Where the tensor lives.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">The length does not match the shape.</exception>
        public static Tensor FromArray(float[] data, int[] shape, Device device) => FromArray(data, shape).To(Required(device));

        /// <summary>A tensor of zeros on <paramref name="device"/>.</summary>
        /// <param name="shape">The dimensions; empty for a scalar.</param>
        /// <param name="device">Where the tensor lives.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Zeros(int[] shape, Device device) => Full(shape, 0f, device);

        /// <summary>A tensor of ones on <paramref name="device"/>.</summary>
        /// <param name="shape">The dimensions; empty for a scalar.</param>
        /// <param name="device">Where the tensor lives.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Ones(int[] shape, Device device) => Full(shape, 1f, device);

        /// <summary>A tensor with every element equal to <paramref name="value"/>, on <paramref name="device"/>.</summary>
        /// <param name="shape">The dimensions; empty for a scalar.</param>
        /// <param name="value">The fill value.</param>
        /// <param name="device">Where the tensor lives.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Full(int[] shape, float value, Device device)
        {
            ArgumentNullException.ThrowIfNull(shape);
            if (Required(device).IsCpu)
            {
                return Full(shape, value);
            }

            return DeviceOps.Filled(device, CopyShape(shape, nameof(shape)), value);
        }

        /// <summary>Values drawn uniformly from [0, 1) on <paramref name="device"/>; drawn on the host, so a seed gives the same values on every device.</summary>
        /// <param name="shape">The dimensions.</param>
        /// <param name="device">Where the tensor lives.</param>
        /// <param name="generator">The source of randomness; the default generator when null.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Rand(int[] shape, Device device, Generator? generator = null) => Rand(shape, generator).To(Required(device));

        /// <summary>Values drawn from the standard normal distribution on <paramref name="device"/>; drawn on the host, so a seed gives the same values on every device.</summary>
        /// <param name="shape">The dimensions.</param>
        /// <param name="device">Where the tensor lives.</param>
        /// <param name="generator">The source of randomness; the default generator when null.</param>
        /// <returns>A new tensor.</returns>
        public static Tensor Randn(int[] shape, Device device, Generator? generator = null) => Randn(shape, generator).To(Required(device));

        /// <summary>A rank-0 tensor holding <paramref name="value"/> on <paramref name="device"/>.</summary>
        /// <param name="value">The value.</param>
        /// <param name="device">Where the tensor lives.</param>
        /// <returns>A new scalar tensor.</returns>
        public static Tensor Scalar(float value, Device device) => Scalar(value).To(Required(device));

        /// <summary>The vector <c>[0, 1, …, n-1]</c> on <paramref name="device"/>.</summary>
        /// <param name="n">The number of elements, at least 0.</param>
        /// <param name="device">Where the tensor lives.</param>
        /// <returns>A new rank-1 tensor.</returns>
        public static Tensor Arange(int n, Device device) => Arange(n).To(Required(device));

        private static Device Required(Device device)
        {
            ArgumentNullException.ThrowIfNull(device);
            return device;
        }
    }
}
