using System;
using Diff.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace Diff
{
    /// <summary>
    /// The device path of the tensor ops: where each op's CPU code begins, a tensor on a GPU comes
    /// here instead. Differentiable elementwise ops, softmax and the row gather launch the
    /// <c>[Kernel]</c> methods of <see cref="DeviceKernels"/>, whose backward launchers the generator
    /// wrote; the rest launch <see cref="DeviceLoops"/>. Every result comes from the device's caching
    /// allocator.
    /// </summary>
    internal static partial class DeviceOps
    {
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, float>> FillKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, float, float>> ScaledSumKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, float, int>> WithScalarKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>> BroadcastKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>> SumToKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>> StridedCopyKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>> StridedAddKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, int, int>> PartialSumsKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, int, float>> FinishSumKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, int>> RepeatRowKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>> ScatterIntoKernel = new();
        private static readonly KernelCache<Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, int, float>> GemmKernel = new();
        private static readonly KernelCache<Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, int, float>> GemmSmallKernel = new();

        /// <summary>
        /// Whether an op over <paramref name="left"/> and <paramref name="right"/> runs on a device: false
        /// when both are on the CPU, true when both are on the same GPU.
        /// </summary>
        /// <exception cref="ArgumentException">They are on different devices; the message names both.</exception>
        internal static bool OnDevice(Tensor left, Tensor right, string operation)
        {
            DeviceStorage? a = left.Storage;
            DeviceStorage? b = right.Storage;
            if (a is null && b is null)
            {
                return false;
            }

            if (a is not null && b is not null && ReferenceEquals(a.Device, b.Device))
            {
                return true;
            }

            throw new ArgumentException(
                $"{operation} needs its tensors on one device, but got {left.Device} and {right.Device}. Copy one of them with .To(device) first; nothing is copied implicitly.");
        }

        /// <summary>A tensor on <paramref name="device"/> with every element <paramref name="value"/>.</summary>
        internal static Tensor Filled(Device device, int[] shape, float value)
        {
            Tensor result = Tensor.UninitializedOn(device, shape);
            Fill(result, value);
            return result;
        }

        /// <summary>Sets every element of the device tensor <paramref name="x"/> to <paramref name="value"/>, in place.</summary>
        internal static void Fill(Tensor x, float value) =>
            Launch(FillKernel, x, static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(DeviceLoops.Fill))(x.Count, View(x), value);

        /// <summary>target ← target + other (same shapes, checked by the caller).</summary>
        internal static void AddInto(Tensor target, Tensor other) => ScaledSum(other, target, 1f, 1f);

        /// <summary>y ← a·x + b·y.</summary>
        internal static void ScaledSum(Tensor x, Tensor y, float a, float b) =>
            Launch(ScaledSumKernel, y, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float, float>(DeviceLoops.ScaledSum))(y.Count, View(x), View(y), a, b);

        /// <summary>A new tensor a·x.</summary>
        internal static Tensor Scaled(Tensor x, float a)
        {
            Tensor result = Tensor.UninitializedLike(x);
            ScaledSum(x, result, a, 0f);
            return result;
        }

        /// <summary>A copy of <paramref name="x"/> in new storage on its device.</summary>
        internal static Tensor Copy(Tensor x)
        {
            Tensor result = Tensor.UninitializedLike(x);
            View(result).CopyFrom(View(x));
            return result;
        }

        /// <summary>x op s or s op x; see <see cref="DeviceLoops.WithScalar"/> for the codes.</summary>
        internal static Tensor WithScalar(Tensor x, float s, int op)
        {
            Tensor result = Tensor.UninitializedLike(x);
            Launch(WithScalarKernel, x, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float, int>(DeviceLoops.WithScalar))(x.Count, View(x), View(result), s, op);
            return result;
        }

        /// <summary>left op right with broadcasting (0 add, 1 subtract, 2 multiply, 3 divide) into a new tensor of <paramref name="shape"/>.</summary>
        internal static Tensor Broadcast(Tensor left, Tensor right, int[] shape, int op)
        {
            Tensor result = Tensor.UninitializedOn(left.Device, shape);
            if (result.Count == 0)
            {
                return result;
            }

            int rank = shape.Length;
            var layout = new int[3 * rank];
            shape.CopyTo(layout, 0);
            Broadcasting.FillStrides(shape, left.ShapeView, layout.AsSpan(rank, rank));
            Broadcasting.FillStrides(shape, right.ShapeView, layout.AsSpan(2 * rank, rank));
            using var layoutBuffer = left.Device.Memory.RentInts(layout);
            Launch(BroadcastKernel, left, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(DeviceLoops.Broadcast))(
                result.Count, View(left), View(right), View(result), layoutBuffer.View, rank, op);
            return result;
        }

        /// <summary>The elements <paramref name="view"/> selects from <paramref name="x"/>, as a new contiguous tensor.</summary>
        internal static Tensor StridedCopy(Tensor x, StridedView view)
        {
            Tensor result = Tensor.UninitializedOn(x.Device, view.Shape);
            if (result.Count > 0)
            {
                using var layout = x.Device.Memory.RentInts(ViewLayout(view));
                Launch(StridedCopyKernel, x, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(DeviceLoops.StridedCopy))(
                    result.Count, View(x), View(result), layout.View, view.Shape.Length, view.Offset);
            }

            return result;
        }

        /// <summary>Adds <paramref name="values"/> (of the view's shape) into the elements of <paramref name="target"/> that <paramref name="view"/> selects.</summary>
        internal static void StridedAdd(Tensor values, StridedView view, Tensor target)
        {
            if (values.Count > 0)
            {
                using var layout = target.Device.Memory.RentInts(ViewLayout(view));
                Launch(StridedAddKernel, target, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(DeviceLoops.StridedAdd))(
                    values.Count, View(values), View(target), layout.View, view.Shape.Length, view.Offset);
            }
        }

        private static int[] ViewLayout(StridedView view)
        {
            int rank = view.Shape.Length;
            var layout = new int[2 * rank];
            view.Shape.CopyTo(layout, 0);
            view.Strides.CopyTo(layout, rank);
            return layout;
        }

        /// <summary>Sums <paramref name="x"/> down to <paramref name="shape"/>, which broadcasts to x's shape (checked by the caller).</summary>
        internal static Tensor SumTo(Tensor x, int[] shape)
        {
            Tensor result = Tensor.UninitializedOn(x.Device, shape);
            if (result.Count == 0)
            {
                return result;
            }

            if (result.Count == 1)
            {
                SumAll(x, result, 1f);
                return result;
            }

            int[] source = x.ShapeView;
            int rank = source.Length;
            var layout = new int[3 * rank];
            int summed = 1;
            int pad = rank - shape.Length;
            for (int d = 0; d < rank; d++)
            {
                int target = d < pad ? 1 : shape[d - pad];
                layout[d] = target;
                layout[2 * rank + d] = target == source[d] ? 1 : source[d];
                summed *= layout[2 * rank + d];
            }

            StridedView.ContiguousStrides(source).CopyTo(layout, rank);
            using var layoutBuffer = x.Device.Memory.RentInts(layout);
            Launch(SumToKernel, x, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(DeviceLoops.SumTo))(
                result.Count, View(x), View(result), layoutBuffer.View, rank, summed);
            return result;
        }

        /// <summary>The sum (or, with <paramref name="scale"/> = 1/n, the mean) of all elements as a rank-0 tensor.</summary>
        internal static Tensor Sum(Tensor x, float scale)
        {
            Tensor result = Tensor.UninitializedOn(x.Device, Array.Empty<int>());
            SumAll(x, result, scale);
            return result;
        }

        /// <summary>C = op(A)·op(B) (+ C when <paramref name="accumulate"/>), for [m, k]·[k, n] after the transposes.</summary>
        internal static void Gemm(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor c, int m, int n, int k, bool accumulate) =>
            Gemm(AcceleratorOf(c), View(a), transposeA, View(b), transposeB, View(c), m, n, k, accumulate);

        /// <summary>The batched matrix product of <see cref="Tensor.MatMul(Tensor, Tensor)"/>, one product per batch.</summary>
        internal static Tensor MatMul(Tensor a, Tensor b, Tensor.MatMulPlan plan) =>
            MatMulInto(a, b, plan, Tensor.UninitializedOn(a.Device, plan.ResultShape()));

        /// <summary>The batched matrix product of <see cref="Tensor.MatMul(Tensor, Tensor)"/> written into <paramref name="result"/>, which has the plan's shape.</summary>
        internal static Tensor MatMulInto(Tensor a, Tensor b, Tensor.MatMulPlan plan, Tensor result)
        {
            for (int batch = 0; batch < plan.Batches; batch++)
            {
                Gemm(
                    AcceleratorOf(a),
                    View(a).SubView(plan.AOffset(batch), (long)plan.M * plan.K), false,
                    View(b).SubView(plan.BOffset(batch), (long)plan.K * plan.N), false,
                    View(result).SubView(plan.COffset(batch), (long)plan.M * plan.N),
                    plan.M, plan.N, plan.K, accumulate: false);
            }

            return result;
        }

        /// <summary>dA = dC·Bᵀ and dB = Aᵀ·dC per batch; an operand shared by every batch collects them all.</summary>
        internal static void MatMulGradient(Tensor a, Tensor b, Tensor.MatMulPlan plan, Tensor dResult, ref Tensor? dA, ref Tensor? dB)
        {
            if (Internal.Grad.Wanted(ref dA))
            {
                Tensor gradient = Tensor.UninitializedLike(a);
                for (int batch = 0; batch < plan.Batches; batch++)
                {
                    Gemm(
                        AcceleratorOf(a),
                        View(dResult).SubView(plan.COffset(batch), (long)plan.M * plan.N), false,
                        View(b).SubView(plan.BOffset(batch), (long)plan.K * plan.N), true,
                        View(gradient).SubView(plan.AOffset(batch), (long)plan.M * plan.K),
                        plan.M, plan.K, plan.N, accumulate: plan.AccumulatesA(batch));
                }

                Internal.Grad.Accumulate(ref dA, gradient);
            }

            if (Internal.Grad.Wanted(ref dB))
            {
                Tensor gradient = Tensor.UninitializedLike(b);
                for (int batch = 0; batch < plan.Batches; batch++)
                {
                    Gemm(
                        AcceleratorOf(a),
                        View(a).SubView(plan.AOffset(batch), (long)plan.M * plan.K), true,
                        View(dResult).SubView(plan.COffset(batch), (long)plan.M * plan.N), false,
                        View(gradient).SubView(plan.BOffset(batch), (long)plan.K * plan.N),
                        plan.K, plan.N, plan.M, accumulate: plan.AccumulatesB(batch));
                }

                Internal.Grad.Accumulate(ref dB, gradient);
            }
        }

        private static void Gemm(Accelerator accelerator, ArrayView<float> a, bool transposeA, ArrayView<float> b, bool transposeB, ArrayView<float> c, int m, int n, int k, bool accumulate)
        {
            if (m == 0 || n == 0)
            {
                return;
            }

            if (k == 0)
            {
                if (!accumulate)
                {
                    FillKernel.GetOrLoad(accelerator, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(DeviceLoops.Fill))((int)c.Length, c, 0f);
                }

                return;
            }

            if (CuBlas.TryGemm(accelerator, a, transposeA, b, transposeB, c, m, n, k, accumulate))
            {
                return;
            }

            bool small = accelerator.MaxNumThreadsPerGroup < DeviceLoops.Tile * DeviceLoops.Tile;
            int threads = small ? DeviceLoops.SmallTile : DeviceLoops.Tile;
            int block = threads * DeviceLoops.Register;
            var config = new KernelConfig(new Index2D((n + block - 1) / block, (m + block - 1) / block), new Index2D(threads, threads));
            var kernel = small
                ? GemmSmallKernel.GetOrLoad(accelerator, static acc => acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, int, float>(DeviceLoops.GemmSmallGroups))
                : GemmKernel.GetOrLoad(accelerator, static acc => acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, int, float>(DeviceLoops.Gemm));
            kernel(config, a, b, c, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, accumulate ? 1f : 0f);
        }

        /// <summary>Every row of <paramref name="result"/> set to <paramref name="row"/>.</summary>
        internal static void RepeatRow(Tensor row, Tensor result, int columns) =>
            Launch(RepeatRowKernel, result, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(DeviceLoops.RepeatRow))(result.Count, View(row), View(result), columns);

        /// <summary>
        /// A copy of <paramref name="x"/> with source[sourceOffsets[i]] written (or, with <paramref name="add"/>, added)
        /// at offsets[i], for offsets checked on the host. The writers are grouped by target on the host, so that one
        /// thread per element applies them in the CPU's order: the result is the CPU's, repeated offsets included.
        /// </summary>
        internal static Tensor Scatter(Tensor x, Tensor source, int[] offsets, int[] sourceOffsets, bool add)
        {
            int count = x.Count;
            Tensor result = Tensor.UninitializedLike(x);
            if (count == 0)
            {
                return result;
            }

            // A counting sort of the writers by target: the bounds first, then the writers in the order they came.
            var layout = new int[count + 1 + offsets.Length];
            foreach (int offset in offsets)
            {
                layout[offset + 1]++;
            }

            for (int o = 0; o < count; o++)
            {
                layout[o + 1] += layout[o];
            }

            int[] next = layout.AsSpan(0, count).ToArray();
            for (int i = 0; i < offsets.Length; i++)
            {
                layout[count + 1 + next[offsets[i]]++] = sourceOffsets[i];
            }

            using var table = x.Device.Memory.RentInts(layout);
            Launch(ScatterIntoKernel, x, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(DeviceLoops.ScatterInto))(
                count, View(x), View(source), View(result), table.View, count, add ? 1 : 0);
            return result;
        }

        /// <summary>The tensor's elements on its device.</summary>
        internal static ArrayView<float> View(Tensor tensor) => tensor.Storage!.View;

        /// <summary>The accelerator of a device tensor.</summary>
        internal static Accelerator AcceleratorOf(Tensor tensor) => tensor.Storage!.Accelerator;

        /// <summary>A copy of an incoming gradient that a generated backward may consume (it clears its output adjoints).</summary>
        internal static ArrayView<float> Consumable(Tensor gradient) => View(Copy(gradient));

        private static TKernel Launch<TKernel>(KernelCache<TKernel> cache, Tensor on, Func<Accelerator, TKernel> load)
            where TKernel : Delegate => cache.GetOrLoad(on.Storage!.Accelerator, load);

        private static void SumAll(Tensor x, Tensor result, float scale)
        {
            int count = x.Count;
            int parts = Math.Max(1, Math.Min(count, 16384));
            Tensor partial = Tensor.UninitializedOn(x.Device, new[] { parts });
            if (count == 0)
            {
                Launch(FillKernel, x, static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(DeviceLoops.Fill))(1, View(partial), 0f);
            }
            else
            {
                Launch(PartialSumsKernel, x, static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(DeviceLoops.PartialSums))(parts, View(x), View(partial), count, parts);
            }

            Launch(FinishSumKernel, x, static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, float>(DeviceLoops.FinishSum))(1, View(partial), View(result), parts, scale);
        }
    }
}
