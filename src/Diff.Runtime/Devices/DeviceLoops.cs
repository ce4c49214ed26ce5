using System;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Diff
{
    /// <summary>
    /// The device kernels that nothing differentiates: fills, scaled sums, broadcasting, reductions,
    /// the matrix product and the optimizers' updates. An op built from them takes its backward from the
    /// registered tensor-level rule that the CPU uses too (broadcast sums, products with transposes).
    /// </summary>
    internal static class DeviceLoops
    {
        /// <summary>The side of the matrix product's square thread groups.</summary>
        internal const int Tile = 16;

        /// <summary>The group side for accelerators with small groups.</summary>
        internal const int SmallTile = 4;

        /// <summary>The side of the block of C each thread of the product keeps in registers.</summary>
        internal const int Register = 4;

        internal static void Fill(Index1D i, ArrayView<float> y, float value) => y[i] = value;

        /// <summary>y ← a·x + b·y; with b = 0 the old y is never read, so it may hold anything.</summary>
        internal static void ScaledSum(Index1D i, ArrayView<float> x, ArrayView<float> y, float a, float b) =>
            y[i] = b == 0f ? a * x[i] : a * x[i] + b * y[i];

        /// <summary>y = x op s (or s op x): 0 add, 1 subtract, 2 reversed subtract, 3 multiply, 4 divide, 5 reversed divide.</summary>
        internal static void WithScalar(Index1D i, ArrayView<float> x, ArrayView<float> y, float s, int op)
        {
            float v = x[i];
            y[i] = op switch
            {
                0 => v + s,
                1 => v - s,
                2 => s - v,
                3 => v * s,
                4 => v / s,
                _ => s / v,
            };
        }

        /// <summary>
        /// y = a op b with NumPy broadcasting. <paramref name="layout"/> holds the result's shape, then
        /// a's strides, then b's (0 along a broadcast dimension), each <paramref name="rank"/> long.
        /// </summary>
        internal static void Broadcast(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, ArrayView<int> layout, int rank, int op)
        {
            int rest = i;
            int aOffset = 0;
            int bOffset = 0;
            for (int d = rank - 1; d >= 0; d--)
            {
                int size = layout[d];
                int coordinate = rest % size;
                rest /= size;
                aOffset += coordinate * layout[rank + d];
                bOffset += coordinate * layout[2 * rank + d];
            }

            float left = a[aOffset];
            float right = b[bOffset];
            y[i] = op switch
            {
                0 => left + right,
                1 => left - right,
                2 => left * right,
                _ => left / right,
            };
        }

        /// <summary>
        /// y[i] = x[offset + Σ coordinateₐ·strideₐ] over the view's shape: permutes, transposes and slices.
        /// <paramref name="layout"/> holds the view's shape, then its strides into x.
        /// </summary>
        internal static void StridedCopy(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<int> layout, int rank, int offset) =>
            y[i] = x[StridedOffset(i, layout, rank, offset)];

        /// <summary>The scatter of <see cref="StridedCopy"/>: target[offset + Σ …] += values[i]. The views it serves never select an element twice.</summary>
        internal static void StridedAdd(Index1D i, ArrayView<float> values, ArrayView<float> target, ArrayView<int> layout, int rank, int offset)
        {
            int at = StridedOffset(i, layout, rank, offset);
            target[at] += values[i];
        }

        private static int StridedOffset(int i, ArrayView<int> layout, int rank, int offset)
        {
            int rest = i;
            int at = offset;
            for (int d = rank - 1; d >= 0; d--)
            {
                int size = layout[d];
                at += rest % size * layout[rank + d];
                rest /= size;
            }

            return at;
        }

        /// <summary>
        /// Sums x down to a shape it broadcasts from, one thread per result element. <paramref name="layout"/>
        /// holds the result's shape (padded to x's rank), x's strides, and the sizes summed over (1 elsewhere).
        /// </summary>
        internal static void SumTo(Index1D i, ArrayView<float> x, ArrayView<float> y, ArrayView<int> layout, int rank, int summedCount)
        {
            int rest = i;
            int start = 0;
            for (int d = rank - 1; d >= 0; d--)
            {
                int size = layout[d];
                start += rest % size * layout[rank + d];
                rest /= size;
            }

            float total = 0f;
            for (int j = 0; j < summedCount; j++)
            {
                int inner = j;
                int offset = start;
                for (int d = rank - 1; d >= 0; d--)
                {
                    int size = layout[2 * rank + d];
                    offset += inner % size * layout[rank + d];
                    inner /= size;
                }

                total += x[offset];
            }

            y[i] = total;
        }

        /// <summary>Partial sums with a stride of <paramref name="parts"/>, so that neighbouring threads read neighbouring elements.</summary>
        internal static void PartialSums(Index1D t, ArrayView<float> x, ArrayView<float> partial, int count, int parts)
        {
            float total = 0f;
            for (int k = t; k < count; k += parts)
            {
                total += x[k];
            }

            partial[t] = total;
        }

        /// <summary>One thread adds the partial sums and scales the total (1/n for a mean).</summary>
        internal static void FinishSum(Index1D t, ArrayView<float> partial, ArrayView<float> y, int parts, float scale)
        {
            float total = 0f;
            for (int k = 0; k < parts; k++)
            {
                total += partial[k];
            }

            y[t] = total * scale;
        }

        /// <summary>Copies <paramref name="row"/> into every row of y (a bias before the product accumulates onto it).</summary>
        internal static void RepeatRow(Index1D i, ArrayView<float> row, ArrayView<float> y, int columns) => y[i] = row[i % columns];

        /// <summary>
        /// C ← op(A)·op(B) + β·C, for GPUs: 16×16 threads, each computing a 4×4 block of a 64×64 tile
        /// of C in registers, with 64×16 panels of A and 16×64 panels of B staged in shared memory.
        /// op transposes when its flag is 1; A is m×k after op, B is k×n. With β = 0 the old C is never read.
        /// </summary>
        internal static void Gemm(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int k, int transposeA, int transposeB, float beta) =>
            GemmBlocked(
                Tile, SharedMemory.Allocate<float>(Tile * Tile * Register), SharedMemory.Allocate<float>(Tile * Tile * Register),
                LocalMemory.Allocate<float>(Register * Register), a, b, c, m, n, k, transposeA, transposeB, beta);

        /// <summary>The same product with 4×4 threads (16×16 tiles), for accelerators whose groups hold fewer than 256 threads (ILGPU's CPU accelerator).</summary>
        internal static void GemmSmallGroups(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int k, int transposeA, int transposeB, float beta) =>
            GemmBlocked(
                SmallTile, SharedMemory.Allocate<float>(SmallTile * SmallTile * Register), SharedMemory.Allocate<float>(SmallTile * SmallTile * Register),
                LocalMemory.Allocate<float>(Register * Register), a, b, c, m, n, k, transposeA, transposeB, beta);

        // threads × threads per group; each thread owns Register × Register elements of C, so a group
        // covers a block of (threads·Register)² elements and steps through k by `threads`.
        private static void GemmBlocked(
            int threads, ArrayView<float> panelA, ArrayView<float> panelB, ArrayView<float> sums,
            ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int k, int transposeA, int transposeB, float beta)
        {
            int tx = Group.IdxX;
            int ty = Group.IdxY;
            int self = ty * threads + tx;
            int groupSize = threads * threads;
            int block = threads * Register;
            int rowBase = Grid.IdxY * block;
            int columnBase = Grid.IdxX * block;
            for (int e = 0; e < Register * Register; e++)
            {
                sums[e] = 0f;
            }

            for (int t = 0; t < k; t += threads)
            {
                // Panel of A: block rows × `threads` columns; panel of B: `threads` rows × block columns.
                for (int e = self; e < block * threads; e += groupSize)
                {
                    int row = rowBase + e / threads;
                    int ak = t + e % threads;
                    panelA[e] = row < m && ak < k ? (transposeA != 0 ? a[ak * m + row] : a[row * k + ak]) : 0f;
                    int bk = t + e / block;
                    int column = columnBase + e % block;
                    panelB[e] = bk < k && column < n ? (transposeB != 0 ? b[column * k + bk] : b[bk * n + column]) : 0f;
                }

                Group.Barrier();
                for (int q = 0; q < threads; q++)
                {
                    for (int i = 0; i < Register; i++)
                    {
                        float left = panelA[(ty * Register + i) * threads + q];
                        for (int j = 0; j < Register; j++)
                        {
                            sums[i * Register + j] += left * panelB[q * block + tx * Register + j];
                        }
                    }
                }

                Group.Barrier();
            }

            for (int i = 0; i < Register; i++)
            {
                int row = rowBase + ty * Register + i;
                for (int j = 0; j < Register; j++)
                {
                    int column = columnBase + tx * Register + j;
                    if (row < m && column < n)
                    {
                        int at = row * n + column;
                        float total = sums[i * Register + j];
                        c[at] = beta == 0f ? total : total + beta * c[at];
                    }
                }
            }
        }

        /// <summary>The index (as a float) of the first largest value of each slice; a NaN wins and stays, as in PyTorch.</summary>
        internal static void ArgMaxAlong(Index1D slice, ArrayView<float> x, ArrayView<float> y, int size, int inner)
        {
            int outer = slice / inner;
            int start = outer * size * inner + (slice - outer * inner);
            int best = 0;
            float bestValue = x[start];
            for (int s = 1; s < size; s++)
            {
                float value = x[start + s * inner];
                if (value > bestValue || (XMath.IsNaN(value) && !XMath.IsNaN(bestValue)))
                {
                    best = s;
                    bestValue = value;
                }
            }

            y[slice] = best;
        }

        /// <summary>
        /// The index of each max-pooling window's largest input (the first one; a NaN wins at once), as on the
        /// CPU. <paramref name="geometry"/> holds H, W, kH, kW, the strides, paddings and dilations, H' and W'.
        /// </summary>
        internal static void WindowArgMax(Index1D o, ArrayView<float> x, ArrayView<int> at, ArrayView<int> geometry)
        {
            int inH = geometry[0];
            int inW = geometry[1];
            int outH = geometry[10];
            int outW = geometry[11];
            int ow = o % outW;
            int rows = o / outW;
            int oh = rows % outH;
            int planeStart = rows / outH * inH * inW;
            int best = -1;
            float bestValue = float.NegativeInfinity;
            bool found = false;
            for (int i = 0; i < geometry[2] && !found; i++)
            {
                int h = oh * geometry[4] - geometry[6] + i * geometry[8];
                for (int j = 0; j < geometry[3] && !found && h >= 0 && h < inH; j++)
                {
                    int w = ow * geometry[5] - geometry[7] + j * geometry[9];
                    if (w >= 0 && w < inW)
                    {
                        int index = planeStart + h * inW + w;
                        float value = x[index];
                        if (best < 0 || value > bestValue || XMath.IsNaN(value))
                        {
                            best = index;
                            bestValue = value;
                            found = XMath.IsNaN(value);
                        }
                    }
                }
            }

            at[o] = best;
        }

        /// <summary>
        /// Blends the batch's mean and unbiased variance into the running statistics, one thread per channel:
        /// running ← (1 − momentum)·running + momentum·batch, as PyTorch's batch normalisation does in training.
        /// </summary>
        internal static void BatchNormRunningUpdate(Index1D c, ArrayView<float> x, ArrayView<float> runningMean, ArrayView<float> runningVar, int batch, int channels, int spatial, float momentum)
        {
            int count = batch * spatial;
            float total = 0f;
            for (int n = 0; n < batch; n++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    total += x[(n * channels + c) * spatial + s];
                }
            }

            float mean = total / count;
            float squares = 0f;
            for (int n = 0; n < batch; n++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    float d = x[(n * channels + c) * spatial + s] - mean;
                    squares += d * d;
                }
            }

            runningMean[c] = (1f - momentum) * runningMean[c] + momentum * mean;
            runningVar[c] = (1f - momentum) * runningVar[c] + momentum * squares / (count - 1);
        }

        /// <summary>
        /// y = x with a scatter's writes, one thread per element o of y. <paramref name="layout"/> holds, for each o,
        /// where its writers begin and end (count + 1 bounds), then the writers' offsets into <paramref name="source"/>,
        /// grouped by target in the CPU's order. Scatter (<paramref name="add"/> = 0) keeps the last writer, as the
        /// CPU's loop leaves it; ScatterAdd adds the writers to x[o] in the CPU's order, so its sums are the CPU's to
        /// the bit and no two threads touch one element.
        /// </summary>
        internal static void ScatterInto(Index1D o, ArrayView<float> x, ArrayView<float> source, ArrayView<float> y, ArrayView<int> layout, int count, int add)
        {
            int begin = layout[o];
            int end = layout[o + 1];
            float value = x[o];
            if (add != 0)
            {
                for (int k = begin; k < end; k++)
                {
                    value += source[layout[count + 1 + k]];
                }
            }
            else if (end > begin)
            {
                value = source[layout[count + end]];
            }

            y[o] = value;
        }

        /// <summary>One Adam or AdamW step, PyTorch's arrangement of the formula (see <c>AdamState.Update</c>).</summary>
        internal static void AdamStep(
            Index1D i, ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v,
            float stepSize, float inverseSqrtCorrection2, float eps, float b1, float b2, float coupledDecay, float shrink)
        {
            float pi = p[i] * shrink;
            float gi = g[i] + coupledDecay * pi;
            float mi = b1 * m[i] + (1f - b1) * gi;
            float vi = b2 * v[i] + (1f - b2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] = pi - stepSize * mi / (XMath.Sqrt(vi) * inverseSqrtCorrection2 + eps);
        }

        /// <summary>One RMSprop step, as <c>torch.optim.RMSprop</c> (centred and with momentum when asked; unused buffers are never written).</summary>
        internal static void RmspropStep(
            Index1D i, ArrayView<float> p, ArrayView<float> g, ArrayView<float> squares, ArrayView<float> means, ArrayView<float> buffer,
            float lr, float alpha, float eps, float decay, float momentum, int centered, int useMomentum)
        {
            float gi = g[i] + decay * p[i];
            float vi = alpha * squares[i] + (1f - alpha) * gi * gi;
            squares[i] = vi;
            float variance = vi;
            if (centered != 0)
            {
                float mi = alpha * means[i] + (1f - alpha) * gi;
                means[i] = mi;
                variance -= mi * mi;
            }

            float scaled = gi / (XMath.Sqrt(variance) + eps);
            if (useMomentum != 0)
            {
                scaled = momentum * buffer[i] + scaled;
                buffer[i] = scaled;
            }

            p[i] -= lr * scaled;
        }

        /// <summary>SGD with weight decay, momentum, dampening and Nesterov, as <c>torch.optim.SGD</c> (the first step seeds the buffer with the gradient).</summary>
        internal static void SgdStep(Index1D i, ArrayView<float> p, ArrayView<float> g, ArrayView<float> buffer, float lr, float decay, float momentum, float undamped, int first, int nesterov)
        {
            float gi = g[i] + decay * p[i];
            if (momentum == 0f)
            {
                p[i] -= lr * gi;
                return;
            }

            float bi = first != 0 ? gi : momentum * buffer[i] + undamped * gi;
            buffer[i] = bi;
            p[i] -= lr * (nesterov != 0 ? gi + momentum * bi : bi);
        }
    }
}
