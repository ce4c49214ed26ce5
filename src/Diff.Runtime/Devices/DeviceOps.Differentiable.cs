using System;
using Diff.Internal;
using ILGPU;
using ILGPU.Runtime;

namespace Diff
{
    internal static partial class DeviceOps
    {
        /// <summary>A launcher's forward over an input view and an output view of the same extent.</summary>
        internal delegate void UnaryForward(Accelerator accelerator, Index1D extent, ArrayView<float> x, ArrayView<float> y);

        /// <summary>A launcher's backward: accumulates into dX and consumes dY.</summary>
        internal delegate void UnaryBackward(Accelerator accelerator, Index1D extent, ArrayView<float> x, ArrayView<float> y, ArrayView<float>? dX, ArrayView<float>? dY);

        /// <summary>A launcher's forward over two inputs and an output of one extent.</summary>
        internal delegate void BinaryForward(Accelerator accelerator, Index1D extent, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y);

        /// <summary>y = f(x) by a generated launcher.</summary>
        internal static Tensor Unary(Tensor x, UnaryForward forward)
        {
            Tensor result = Tensor.UninitializedLike(x);
            if (x.Count > 0)
            {
                forward(AcceleratorOf(x), x.Count, View(x), View(result));
            }

            return result;
        }

        /// <summary>The gradient of y = f(x) by the generated adjoint kernel of f, accumulated into <paramref name="dSelf"/>.</summary>
        internal static void UnaryGradient(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf, UnaryBackward backward)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            Tensor gradient = Filled(self.Device, self.ShapeView, 0f);
            if (self.Count > 0)
            {
                backward(AcceleratorOf(self), self.Count, View(self), View(result), View(gradient), Consumable(dResult));
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>a op b for equal shapes by a generated launcher.</summary>
        internal static Tensor SameShape(Tensor a, Tensor b, BinaryForward forward)
        {
            Tensor result = Tensor.UninitializedLike(a);
            if (a.Count > 0)
            {
                forward(AcceleratorOf(a), a.Count, View(a), View(b), View(result));
            }

            return result;
        }

        /// <summary>Softmax or log-softmax over the last dimension, by the generated row kernels.</summary>
        internal static Tensor SoftmaxLastDim(Tensor x, int dim, bool logarithm)
        {
            (int rows, int columns) = RowsOf(x, dim, logarithm ? "LogSoftmax" : "Softmax");
            Tensor result = Tensor.UninitializedLike(x);
            if (rows > 0 && columns > 0)
            {
                if (logarithm)
                {
                    DeviceKernels.LogSoftmaxRowsLauncher.Forward(AcceleratorOf(x), rows, columns, View(x), View(result));
                }
                else
                {
                    DeviceKernels.SoftmaxRowsLauncher.Forward(AcceleratorOf(x), rows, columns, View(x), View(result));
                }
            }

            return result;
        }

        /// <summary>The gradient of (log-)softmax over the last dimension, by the generated adjoint row kernels.</summary>
        internal static void SoftmaxLastDimGradient(Tensor self, int dim, bool logarithm, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            (int rows, int columns) = RowsOf(self, dim, logarithm ? "LogSoftmax" : "Softmax");
            Tensor gradient = Filled(self.Device, self.ShapeView, 0f);
            if (rows > 0 && columns > 0)
            {
                if (logarithm)
                {
                    DeviceKernels.LogSoftmaxRowsLauncher.Backward(AcceleratorOf(self), rows, columns, View(self), View(result), View(gradient), Consumable(dResult));
                }
                else
                {
                    DeviceKernels.SoftmaxRowsLauncher.Backward(AcceleratorOf(self), rows, columns, View(self), View(result), View(gradient), Consumable(dResult));
                }
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary><c>x[i, indices[i]]</c> for each row of a [N, C] tensor.</summary>
        internal static Tensor GatherRows(Tensor x, int[] indices)
        {
            int columns = x.ShapeView[1];
            Tensor result = Tensor.UninitializedOn(x.Device, new[] { indices.Length });
            if (indices.Length > 0)
            {
                using var indexBuffer = x.Device.Memory.RentInts(indices);
                DeviceKernels.GatherRowsLauncher.Forward(AcceleratorOf(x), indices.Length, columns, indexBuffer.View, View(x), View(result));
            }

            return result;
        }

        /// <summary>The gradient of <see cref="GatherRows"/>, by its generated adjoint kernel.</summary>
        internal static void GatherRowsGradient(Tensor self, int[] indices, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            Tensor gradient = Filled(self.Device, self.ShapeView, 0f);
            if (indices.Length > 0)
            {
                using var indexBuffer = self.Device.Memory.RentInts(indices);
                DeviceKernels.GatherRowsLauncher.Backward(
                    AcceleratorOf(self), indices.Length, self.ShapeView[1], indexBuffer.View, View(self), View(result), View(gradient), Consumable(dResult));
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        private static (int Rows, int Columns) RowsOf(Tensor x, int dim, string operation)
        {
            int[] shape = x.ShapeView;
            int d = Tensor.NormalizeDim(dim, shape.Length, nameof(dim), shape);
            if (d != shape.Length - 1)
            {
                throw new NotSupportedException(
                    $"{operation} over dimension {dim} of shape {Tensor.ShapeText(shape)} runs only on the CPU; on a device it runs over the last dimension. Move that dimension last with Transpose, or copy to the CPU.");
            }

            int columns = shape[d];
            return (columns == 0 ? 0 : x.Count / columns, columns);
        }
    }
}
