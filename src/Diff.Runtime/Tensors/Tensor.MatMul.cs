using System;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// The matrix product with <c>torch.matmul</c>'s rules: vector·vector gives a scalar, matrix·vector a
        /// vector, vector·matrix a vector, matrix·matrix a matrix, and an operand of rank 3 or more is a batch of
        /// matrices over its leading dimensions (<c>[B, H, T, D]</c> in attention). The batch dimensions broadcast as
        /// PyTorch's do, aligned from the right: the other operand, if rank 1 or 2, is used for every batch.
        /// </summary>
        /// <param name="a">The left operand, shape <c>[k]</c>, <c>[m, k]</c> or <c>[…, m, k]</c>.</param>
        /// <param name="b">The right operand, shape <c>[k]</c>, <c>[k, n]</c> or <c>[…, k, n]</c>.</param>
        /// <returns>A new tensor: the broadcast batch dimensions if any, then m unless <paramref name="a"/> is a vector, then n unless <paramref name="b"/> is a vector.</returns>
        /// <exception cref="ArgumentException">A rank is 0, the inner sizes differ, or the batch dimensions do not broadcast.</exception>
        public static Tensor MatMul(Tensor a, Tensor b)
        {
            MatMulPlan plan = MatMulPlan.Create(a, b);
            if (DeviceOps.OnDevice(a, b, nameof(MatMul)))
            {
                return DeviceOps.MatMul(a, b, plan);
            }

            return MatMulInto(a, b, plan, UninitializedForOverwrite(plan.ResultShape()));
        }

        /// <summary>
        /// The matrix product of <see cref="MatMul(Tensor, Tensor)"/> written into <paramref name="destination"/>, like
        /// <c>torch.matmul(a, b, out=destination)</c>: nothing is allocated, so a loop that multiplies matrices of
        /// one shape again and again reuses one result tensor. Whatever <paramref name="destination"/> held is overwritten.
        /// </summary>
        /// <param name="a">The left operand, shape <c>[k]</c>, <c>[m, k]</c> or <c>[…, m, k]</c>.</param>
        /// <param name="b">The right operand, shape <c>[k]</c>, <c>[k, n]</c> or <c>[…, k, n]</c>.</param>
        /// <param name="destination">
        /// The tensor to write, with exactly the shape <see cref="MatMul(Tensor, Tensor)"/> would return, on the operands'
        /// device, and sharing no storage with either operand.
        /// </param>
        /// <returns><paramref name="destination"/>.</returns>
        /// <exception cref="ArgumentException">
        /// The operands do not multiply (as for <see cref="MatMul(Tensor, Tensor)"/>), or <paramref name="destination"/> has
        /// another shape, is on another device, or shares storage with an operand.
        /// </exception>
        /// <remarks>This overload is not differentiable: it writes a tensor in place, and gradients flow only through values.</remarks>
        public static Tensor MatMul(Tensor a, Tensor b, Tensor destination)
        {
            MatMulPlan plan = MatMulPlan.Create(a, b);
            ArgumentNullException.ThrowIfNull(destination);
            if (!plan.IsResultShape(destination._shape))
            {
                throw new ArgumentException(
                    $"MatMul of a {ShapeText(a._shape)} and b {ShapeText(b._shape)} gives shape {ShapeText(plan.ResultShape())}, but destination has shape {ShapeText(destination._shape)} (a, b, destination).",
                    nameof(destination));
            }

            if (SharesStorage(destination, a) || SharesStorage(destination, b))
            {
                throw new ArgumentException(
                    $"MatMul cannot write its product into a tensor that shares storage with an operand: destination {ShapeText(destination._shape)} shares it with {(SharesStorage(destination, a) ? "a" : "b")}.",
                    nameof(destination));
            }

            bool onDevice = DeviceOps.OnDevice(a, b, nameof(MatMul));
            if (onDevice != destination.IsOnDevice || (onDevice && !ReferenceEquals(destination.Device, a.Device)))
            {
                throw new ArgumentException(
                    $"MatMul needs destination on the operands' device ({a.Device}), but it is on {destination.Device}.", nameof(destination));
            }

            return onDevice ? DeviceOps.MatMulInto(a, b, plan, destination) : MatMulInto(a, b, plan, destination);
        }

        private static Tensor MatMulInto(Tensor a, Tensor b, MatMulPlan plan, Tensor result)
        {
            for (int batch = 0; batch < plan.Batches; batch++)
            {
                MatMulKernel.Multiply(
                    a.Host(), plan.AOffset(batch), false,
                    b.Host(), plan.BOffset(batch), false,
                    result.Host(), plan.COffset(batch),
                    plan.M, plan.N, plan.K, accumulate: false);
            }

            return result;
        }

        /// <summary>Whether two tensors read or write the same elements' memory (a view and its source do).</summary>
        private static bool SharesStorage(Tensor left, Tensor right) =>
            left._storage is null ? ReferenceEquals(left._data, right._data) : ReferenceEquals(left._storage, right._storage);

        /// <summary>
        /// The affine map of <c>nn.Linear</c>: <c>input @ weight^T + bias</c>, without materialising the transpose.
        /// </summary>
        /// <param name="input">Shape <c>[in]</c>, <c>[N, in]</c>, or more leading dimensions ending in <c>in</c>.</param>
        /// <param name="weight">Shape <c>[out, in]</c>.</param>
        /// <param name="bias">Shape <c>[out]</c>, or null for none.</param>
        /// <returns>A new tensor shaped like <paramref name="input"/> with its last dimension replaced by <c>out</c>.</returns>
        /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
        public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
        {
            (int rows, int inFeatures, int outFeatures, int[] shape) = CheckLinear(input, weight, bias);
            if (DeviceOps.OnDevice(input, weight, nameof(Linear)) | (bias is not null && DeviceOps.OnDevice(input, bias, nameof(Linear))))
            {
                Tensor onDevice = UninitializedOn(input.Device, shape);
                if (bias is not null)
                {
                    DeviceOps.RepeatRow(bias, onDevice, outFeatures);
                }

                DeviceOps.Gemm(input, false, weight, true, onDevice, rows, outFeatures, inFeatures, accumulate: bias is not null);
                return onDevice;
            }

            // Every element is written below: from the bias, or by the product when there is none.
            Tensor result = UninitializedForOverwrite(shape);
            if (bias is not null)
            {
                // Start every row from the bias and let the product accumulate onto it.
                for (int r = 0; r < rows; r++)
                {
                    bias.Host().AsSpan().CopyTo(result.Host().AsSpan(r * outFeatures, outFeatures));
                }
            }

            MatMulKernel.Multiply(
                input.Host(), 0, false,
                weight.Host(), 0, true,
                result.Host(), 0,
                rows, outFeatures, inFeatures, accumulate: bias is not null);
            return result;
        }

        private static (int Rows, int In, int Out, int[] Shape) CheckLinear(Tensor input, Tensor weight, Tensor? bias)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            if (weight._shape.Length != 2)
            {
                throw new ArgumentException($"Linear needs a weight of shape [out, in], but got {ShapeText(weight._shape)}.", nameof(weight));
            }

            int outFeatures = weight._shape[0];
            int inFeatures = weight._shape[1];
            if (input._shape.Length == 0 || input._shape[^1] != inFeatures)
            {
                throw new ArgumentException(
                    $"Linear needs an input whose last dimension is {inFeatures}, but got input {ShapeText(input._shape)} and weight {ShapeText(weight._shape)} (input, weight).", nameof(input));
            }

            if (bias is not null && (bias._shape.Length != 1 || bias._shape[0] != outFeatures))
            {
                throw new ArgumentException(
                    $"Linear needs a bias of shape [{outFeatures}] for weight {ShapeText(weight._shape)}, but got {ShapeText(bias._shape)} (bias, weight).", nameof(bias));
            }

            int[] shape = (int[])input._shape.Clone();
            shape[^1] = outFeatures;
            int rows = 1;
            for (int i = 0; i < input._shape.Length - 1; i++)
            {
                rows *= input._shape[i];
            }

            return (rows, inFeatures, outFeatures, shape);
        }

        /// <summary>How a <see cref="MatMul(Tensor, Tensor)"/> maps onto calls of the matrix kernel.</summary>
        /// <remarks>
        /// Each operand is seen as a batch of matrices: a vector <c>[k]</c> on the left is a 1×k
        /// matrix, on the right a k×1 one. Product batch t reads the operand's batch at t's index in each batch
        /// dimension, or at 0 where the operand's size there is 1; where the operand has every batch of the product
        /// that is t itself, and where it has one matrix, that one. When only the left operand is batched, its batches
        /// are consecutive rows, so the whole product is a single kernel call with all its rows.
        /// </remarks>
        internal readonly struct MatMulPlan
        {
            public int Batches { get; init; }

            public int M { get; init; }

            public int N { get; init; }

            public int K { get; init; }

            public bool ABatched { get; init; }

            public bool BBatched { get; init; }

            // The operands' shapes, read (never written) to make the result's shape without an array of its own.
            private int[] AShape { get; init; }

            private int[] BShape { get; init; }

            /// <summary>How many batch dimensions the result has: the larger of the operands' (0 when neither is batched).</summary>
            private int BatchRank { get; init; }

            /// <summary>The result's rows, or −1 when a is a vector (that dimension is dropped).</summary>
            private int ResultRows { get; init; }

            /// <summary>The result's columns, or −1 when b is a vector (that dimension is dropped).</summary>
            private int ResultColumns { get; init; }

            /// <summary>The result's shape, in a new array.</summary>
            public int[] ResultShape()
            {
                var shape = new int[ResultRank];
                for (int i = 0; i < BatchRank; i++)
                {
                    shape[i] = ResultBatchDimension(i);
                }

                int at = BatchRank;
                if (ResultRows >= 0)
                {
                    shape[at++] = ResultRows;
                }

                if (ResultColumns >= 0)
                {
                    shape[at] = ResultColumns;
                }

                return shape;
            }

            /// <summary>Whether <paramref name="shape"/> is the result's shape; allocates nothing, for a destination's check.</summary>
            public bool IsResultShape(int[] shape)
            {
                if (shape.Length != ResultRank)
                {
                    return false;
                }

                for (int i = 0; i < BatchRank; i++)
                {
                    if (shape[i] != ResultBatchDimension(i))
                    {
                        return false;
                    }
                }

                int at = BatchRank;
                return (ResultRows < 0 || shape[at++] == ResultRows) && (ResultColumns < 0 || shape[at] == ResultColumns);
            }

            private int ResultRank => BatchRank + (ResultRows >= 0 ? 1 : 0) + (ResultColumns >= 0 ? 1 : 0);

            /// <summary>The result's batch dimension <paramref name="index"/>: the larger of the operands' there (a missing one counts as 1).</summary>
            private int ResultBatchDimension(int index) =>
                Math.Max(BatchDimension(AShape, index, BatchRank), BatchDimension(BShape, index, BatchRank));

            /// <summary>The batch dimension of <paramref name="shape"/> aligned with the result's <paramref name="index"/> of <paramref name="batchRank"/>, 1 where it has none.</summary>
            private static int BatchDimension(int[] shape, int index, int batchRank)
            {
                int own = Math.Max(0, shape.Length - 2);
                int at = index - (batchRank - own);
                return at >= 0 ? shape[at] : 1;
            }

            /// <summary>Whether a's batches are repeated along some of the product's batch dimensions and not others (<c>[3, m, k]</c> against <c>[2, 3, k, n]</c>).</summary>
            private bool APartlyBroadcast { get; init; }

            /// <summary>As <see cref="APartlyBroadcast"/>, for b.</summary>
            private bool BPartlyBroadcast { get; init; }

            public int AOffset(int batch) => !ABatched ? 0 : (APartlyBroadcast ? OwnBatch(AShape, batch) : batch) * M * K;

            public int BOffset(int batch) => !BBatched ? 0 : (BPartlyBroadcast ? OwnBatch(BShape, batch) : batch) * K * N;

            /// <summary>
            /// Whether product <paramref name="batch"/> adds its share of a's gradient to a matrix an earlier batch wrote (a's
            /// matrix is used by several batches) rather than writing it first.
            /// </summary>
            public bool AccumulatesA(int batch) => !ABatched ? batch > 0 : APartlyBroadcast && RepeatsOwnBatch(AShape, batch);

            /// <summary>As <see cref="AccumulatesA"/>, for b.</summary>
            public bool AccumulatesB(int batch) => !BBatched ? batch > 0 : BPartlyBroadcast && RepeatsOwnBatch(BShape, batch);

            /// <summary>The batch of an operand with <paramref name="shape"/> that product <paramref name="batch"/> reads: its index in each of the operand's batch dimensions, 0 where that is 1.</summary>
            private int OwnBatch(int[] shape, int batch)
            {
                int own = 0, step = 1;
                for (int i = BatchRank - 1; i >= 0; i--)
                {
                    int size = ResultBatchDimension(i);
                    int index = batch % size;
                    batch /= size;
                    int ownSize = BatchDimension(shape, i, BatchRank);
                    own += (ownSize == 1 ? 0 : index) * step;
                    step *= ownSize;
                }

                return own;
            }

            /// <summary>Whether an earlier product read the same batch of the operand: its index is past 0 in a dimension the operand repeats.</summary>
            private bool RepeatsOwnBatch(int[] shape, int batch)
            {
                for (int i = BatchRank - 1; i >= 0; i--)
                {
                    int size = ResultBatchDimension(i);
                    if (batch % size > 0 && BatchDimension(shape, i, BatchRank) == 1)
                    {
                        return true;
                    }

                    batch /= size;
                }

                return false;
            }

            public int COffset(int batch) => batch * M * N;

            public static MatMulPlan Create(Tensor a, Tensor b)
            {
                ArgumentNullException.ThrowIfNull(a);
                ArgumentNullException.ThrowIfNull(b);
                int[] aShape = a._shape;
                int[] bShape = b._shape;
                if (aShape.Length == 0)
                {
                    throw new ArgumentException($"MatMul needs operands of rank 1 or more, but a is a scalar (b: {ShapeText(bShape)}).", nameof(a));
                }

                if (bShape.Length == 0)
                {
                    throw new ArgumentException($"MatMul needs operands of rank 1 or more, but b is a scalar (a: {ShapeText(aShape)}).", nameof(b));
                }

                int m = aShape.Length == 1 ? 1 : aShape[^2];
                int k = aShape[^1];
                int bK = bShape.Length == 1 ? bShape[0] : bShape[^2];
                int n = bShape.Length == 1 ? 1 : bShape[^1];
                if (k != bK)
                {
                    throw new ArgumentException(
                        $"MatMul inner sizes differ: a has shape {ShapeText(aShape)} and b has shape {ShapeText(bShape)} ({k} vs {bK}) (a, b).", nameof(b));
                }

                int aBatchRank = Math.Max(0, aShape.Length - 2);
                int bBatchRank = Math.Max(0, bShape.Length - 2);
                int batchRank = Math.Max(aBatchRank, bBatchRank);
                long aBatch = 1, bBatch = 1, batch = 1;
                for (int i = 0; i < batchRank; i++)
                {
                    int aSize = BatchDimension(aShape, i, batchRank);
                    int bSize = BatchDimension(bShape, i, batchRank);
                    if (aSize != bSize && aSize != 1 && bSize != 1)
                    {
                        throw new ArgumentException(
                            $"MatMul batch dimensions cannot be broadcast: a has shape {ShapeText(aShape)}, b has shape {ShapeText(bShape)} ({aSize} vs {bSize} in batch dimension {i}) (a, b).", nameof(b));
                    }

                    aBatch *= aSize;
                    bBatch *= bSize;
                    batch *= Math.Max(aSize, bSize);
                }


                if (batch * m * n > Array.MaxLength)
                {
                    throw new ArgumentException($"MatMul of a {ShapeText(aShape)} and b {ShapeText(bShape)} would have {batch * m * n} elements, more than a tensor holds (a, b).", nameof(b));
                }

                int resultRows = aShape.Length == 1 ? -1 : m;
                int resultColumns = bShape.Length == 1 ? -1 : n;
                if (bBatch == 1)
                {
                    // One right matrix for every left batch: stack the left batches as rows.
                    return new MatMulPlan
                    {
                        Batches = 1, M = (int)aBatch * m, N = n, K = k, AShape = aShape, BShape = bShape, BatchRank = batchRank,
                        ResultRows = resultRows, ResultColumns = resultColumns,
                    };
                }

                return new MatMulPlan
                {
                    Batches = (int)batch, M = m, N = n, K = k, ABatched = aBatch != 1, BBatched = true,
                    APartlyBroadcast = aBatch != 1 && aBatch != batch, BPartlyBroadcast = bBatch != batch,
                    AShape = aShape, BShape = bShape, BatchRank = batchRank, ResultRows = resultRows, ResultColumns = resultColumns,
                };
            }
        }
    }
}
