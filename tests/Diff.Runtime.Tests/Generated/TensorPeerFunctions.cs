using Diff;
using Diff.NN;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>
    /// [Differentiable] tensor code written the way a PyTorch user writes it: losses, attention,
    /// normalizations and activations by hand, broadcasting, reductions over dimensions, joins and
    /// slices in the middle of a computation, control flow on scalars, helpers and a module.
    /// <see cref="TensorPeerTests"/> checks each against PyTorch's numbers.
    /// </summary>
    public static partial class TensorPeerFns
    {
        // ---- Losses written by hand ----

        /// <summary>Huber loss through a clamp: c (d − c/2) with c = clamp(d, −δ, δ).</summary>
        [Differentiable]
        public static Tensor HuberByClamp(Tensor input, Tensor target, float delta)
        {
            Tensor d = input - target;
            Tensor c = d.Clamp(-delta, delta);
            return (c * (d - c * 0.5f)).Mean();
        }

        /// <summary>Huber loss picking its branch with a mask: where(|d| ≤ 1, d²/2, |d| − 1/2).</summary>
        [Differentiable]
        public static Tensor HuberByWhere(Tensor input, Tensor target, [NoDiff] Tensor small)
        {
            Tensor d = input - target;
            Tensor quadratic = d * d * 0.5f;
            Tensor linear = d.Abs() - 0.5f;
            return Tensor.Where(small, quadratic, linear).Sum();
        }

        /// <summary>Smooth L1 written with Abs and Relu: m²/2 + relu(|d| − 1) where m = |d| − relu(|d| − 1).</summary>
        [Differentiable]
        public static Tensor SmoothL1ByRelu(Tensor input, Tensor target)
        {
            Tensor a = (input - target).Abs();
            Tensor over = (a - 1f).Relu();
            Tensor m = a - over;
            return (m * m * 0.5f + over).Mean();
        }

        /// <summary>Focal loss over one-hot targets: −Σ (1 − p)^γ log p, averaged over the batch.</summary>
        [Differentiable]
        public static Tensor FocalLoss(Tensor logits, [NoDiff] Tensor oneHot, float gamma)
        {
            Tensor logp = logits.LogSoftmax(1);
            Tensor p = logp.Exp();
            Tensor weight = (1f - p).Pow(gamma);
            return -(weight * logp * oneHot).Sum(1).Mean();
        }

        /// <summary>Label-smoothed cross-entropy through LogSoftmax and Gather.</summary>
        [Differentiable]
        public static Tensor LabelSmoothedCrossEntropy(Tensor logits, IntTensor targets, float epsilon)
        {
            Tensor logp = logits.LogSoftmax(-1);
            Tensor nll = -logp.Gather(1, targets).Squeeze(1);
            Tensor smooth = -logp.Mean(-1);
            return (nll * (1f - epsilon) + smooth * epsilon).Mean();
        }

        /// <summary>The runtime's cross-entropy with label smoothing and an ignored index.</summary>
        [Differentiable]
        public static Tensor BuiltInCrossEntropy(Tensor logits, int[] targets) =>
            Functional.CrossEntropyLoss(logits, targets, Reduction.Mean, ignoreIndex: 1, labelSmoothing: 0.2f);

        /// <summary>KL(p ‖ q) with q = softmax(x), written by hand, batch mean.</summary>
        [Differentiable]
        public static Tensor KLByHand(Tensor x, [NoDiff] Tensor p)
        {
            Tensor logq = x.LogSoftmax(1);
            return (p * (p.Log() - logq)).Sum() / (float)x.Shape[0];
        }

        /// <summary>The runtime's KL divergence with batchmean, targets with zeros in them.</summary>
        [Differentiable]
        public static Tensor BuiltInKL(Tensor x, Tensor target) =>
            Functional.KLDivLoss(x.LogSoftmax(1), target, Reduction.BatchMean);

        /// <summary>Cosine embedding loss for similar pairs: mean(1 − cos(a, b)) over rows.</summary>
        [Differentiable]
        public static Tensor CosineEmbedding(Tensor a, Tensor b)
        {
            Tensor dot = (a * b).Sum(1);
            Tensor na = (a * a).Sum(1).Sqrt();
            Tensor nb = (b * b).Sum(1).Sqrt();
            return (1f - dot / (na * nb)).Mean();
        }

        /// <summary>Triplet margin loss with Relu.</summary>
        [Differentiable]
        public static Tensor TripletMargin(Tensor anchor, Tensor positive, Tensor negative, float margin)
        {
            Tensor dp = ((anchor - positive).Pow(2f).Sum(1) + 1e-6f).Sqrt();
            Tensor dn = ((anchor - negative).Pow(2f).Sum(1) + 1e-6f).Sqrt();
            return (dp - dn + margin).Relu().Mean();
        }

        /// <summary>Binary cross-entropy with logits written in its stable form: relu(x) − x y + log(1 + e^−|x|).</summary>
        [Differentiable]
        public static Tensor BceWithLogitsByHand(Tensor x, [NoDiff] Tensor y) =>
            (x.Relu() - x * y + (1f + (-x.Abs()).Exp()).Log()).Mean();

        /// <summary>The runtime's BCE with logits, with a positive weight.</summary>
        [Differentiable]
        public static Tensor BuiltInBceWithLogits(Tensor x, [NoDiff] Tensor y, [NoDiff] Tensor posWeight) =>
            Functional.BCEWithLogitsLoss(x, y, posWeight, Reduction.Mean);

        /// <summary>The runtime's pointwise losses, including their kinks.</summary>
        [Differentiable]
        public static Tensor BuiltInPointwiseLosses(Tensor x, Tensor y) =>
            Functional.HuberLoss(x, y, Reduction.Sum, delta: 0.5f) + Functional.SmoothL1Loss(x, y, Reduction.Mean, beta: 0.5f)
            + Functional.L1Loss(x, y) + Functional.MSELoss(x, y, Reduction.Sum);

        // ---- Attention ----

        /// <summary>Scaled dot-product attention softmax(Q Kᵀ/√d) V.</summary>
        [Differentiable]
        public static Tensor Attention(Tensor q, Tensor k, Tensor v)
        {
            int d = q.Shape[1];
            Tensor scores = Tensor.MatMul(q, k.T) / MathF.Sqrt(d);
            Tensor weights = scores.Softmax(-1);
            Tensor output = Tensor.MatMul(weights, v);
            return (output * output).Sum();
        }

        /// <summary>Causal attention over a batch, masked with −∞ through MaskedFill.</summary>
        [Differentiable]
        public static Tensor CausalAttention(Tensor q, Tensor k, Tensor v, [NoDiff] Tensor future)
        {
            int d = q.Shape[2];
            Tensor scores = Tensor.MatMul(q, k.Transpose(1, 2)) * (1f / MathF.Sqrt(d));
            Tensor masked = scores.MaskedFill(future, float.NegativeInfinity);
            Tensor output = Tensor.MatMul(masked.Softmax(2), v);
            return output.Tanh().Sum();
        }

        /// <summary>Attention with a large negative fill instead of −∞, and a padding mask broadcast over rows.</summary>
        [Differentiable]
        public static Tensor PaddedAttention(Tensor q, Tensor k, Tensor v, [NoDiff] Tensor padding)
        {
            Tensor scores = Tensor.MatMul(q, k.Transpose(0, 1));
            Tensor weights = scores.MaskedFill(padding, -1e9f).Softmax(1);
            return (Tensor.MatMul(weights, v) * Tensor.MatMul(weights, v)).Mean();
        }

        /// <summary>Two heads: split the features, permute to [heads, T, dh], attend per head, and merge back.</summary>
        [Differentiable]
        public static Tensor MultiHead(Tensor x, Tensor wq, Tensor wk, Tensor wv)
        {
            int t = x.Shape[0];
            Tensor q = Tensor.MatMul(x, wq).Reshape(t, 2, 2).Permute(1, 0, 2);
            Tensor k = Tensor.MatMul(x, wk).Reshape(t, 2, 2).Permute(1, 0, 2);
            Tensor v = Tensor.MatMul(x, wv).Reshape(t, 2, 2).Permute(1, 0, 2);
            Tensor weights = (Tensor.MatMul(q, k.Transpose(1, 2)) / MathF.Sqrt(2f)).Softmax(-1);
            Tensor merged = Tensor.MatMul(weights, v).Permute(1, 0, 2).Reshape(t, 4);
            return (merged * x).Sum();
        }

        // ---- Normalizations by hand ----

        /// <summary>Layer norm over the last dimension with Mean and the biased variance, keepdim.</summary>
        [Differentiable]
        public static Tensor LayerNormByHand(Tensor x, Tensor weight, Tensor bias)
        {
            Tensor mean = x.Mean(-1, keepDim: true);
            Tensor centered = x - mean;
            Tensor variance = (centered * centered).Mean(-1, keepDim: true);
            Tensor y = centered / (variance + 1e-5f).Sqrt() * weight + bias;
            return (y * y * y).Sum();
        }

        /// <summary>The runtime's layer norm on the same computation.</summary>
        [Differentiable]
        public static Tensor LayerNormBuiltIn(Tensor x, Tensor weight, Tensor bias)
        {
            Tensor y = Functional.LayerNorm(x, new[] { x.Shape[^1] }, weight, bias, 1e-5f);
            return (y * y * y).Sum();
        }

        /// <summary>RMS norm: x · (mean(x²) + ε)^(−1/2) · w.</summary>
        [Differentiable]
        public static Tensor RmsNorm(Tensor x, Tensor weight)
        {
            Tensor scale = ((x * x).Mean(-1, keepDim: true) + 1e-6f).Pow(-0.5f);
            return (x * scale * weight).Exp().Sum();
        }

        /// <summary>The unbiased variance over dimension 0, then standardised columns.</summary>
        [Differentiable]
        public static Tensor Standardize(Tensor x)
        {
            int n = x.Shape[0];
            Tensor centered = x - x.Mean(0, keepDim: true);
            Tensor variance = (centered * centered).Sum(0) / (n - 1f);
            Tensor z = centered / variance.Sqrt();
            return (z.Pow(3f) + z.Sigmoid()).Sum();
        }

        /// <summary>Group norm and batch norm (training statistics) from the runtime.</summary>
        [Differentiable]
        public static Tensor BuiltInNorms(Tensor x, Tensor weight, Tensor bias)
        {
            Tensor g = Functional.GroupNorm(x, 2, weight, bias);
            Tensor b = Tensor.BatchNorm(x, null, null, weight, bias, true, 0.1f, 1e-5f);
            return (g * b).Sum() + (g.Tanh() * x).Sum();
        }

        // ---- Activations by hand ----

        /// <summary>GELU with the tanh approximation, written out.</summary>
        [Differentiable]
        public static Tensor GeluTanhByHand(Tensor x)
        {
            Tensor inner = (x + x.Pow(3f) * 0.044715f) * MathF.Sqrt(2f / MathF.PI);
            return (x * 0.5f * (inner.Tanh() + 1f)).Sum();
        }

        /// <summary>SiLU and Mish by hand, with softplus as log(1 + eˣ).</summary>
        [Differentiable]
        public static Tensor SiluMishByHand(Tensor x)
        {
            Tensor silu = x * x.Sigmoid();
            Tensor softplus = (x.Exp() + 1f).Log();
            Tensor mish = x * softplus.Tanh();
            return (silu * 2f + mish).Sum();
        }

        /// <summary>The stable softplus relu(x) + log(1 + e^−|x|), evaluated at its kink too.</summary>
        [Differentiable]
        public static Tensor StableSoftplus(Tensor x) => (x.Relu() + ((-x.Abs()).Exp() + 1f).Log()).Sum();

        /// <summary>The runtime's activations at 0 and at their thresholds.</summary>
        [Differentiable]
        public static Tensor BuiltInActivations(Tensor x) =>
            x.Gelu().Sum() + x.Gelu(GeluApproximation.Tanh).Sum() * 0.5f + x.LeakyRelu(0.1f).Sum() + x.Elu(0.7f).Sum()
            + x.Softplus(2f, 3f).Sum() + x.Silu().Sum() + x.LogSigmoid().Sum() + x.Hardtanh(-0.5f, 1f).Sum()
            + x.Relu().Sum() + x.Abs().Sum();

        /// <summary>Squares of the kinked activations, so that H·v sees them.</summary>
        [Differentiable]
        public static Tensor KinkedSquared(Tensor x)
        {
            Tensor r = x.Relu();
            Tensor a = x.Abs();
            Tensor c = x.Clamp(-1f, 1f);
            return (r * r + a * x + c * c * c).Sum();
        }

        // ---- Log-sum-exp and maxima ----

        /// <summary>Log-sum-exp over rows with the maximum subtracted (rows with ties).</summary>
        [Differentiable]
        public static Tensor LogSumExpStable(Tensor x)
        {
            Tensor m = x.Max(1);
            Tensor shifted = x - m.Unsqueeze(1);
            Tensor lse = shifted.Exp().Sum(1).Log() + m;
            return (lse * lse).Sum();
        }

        /// <summary>The maximum over a dimension, with ties: the gradient goes to one index.</summary>
        [Differentiable]
        public static Tensor MaxWithTies(Tensor x) => (x.Max(0) * 3f).Sum() + x.Max(-1).Pow(2f).Sum();

        /// <summary>An elementwise maximum written as (a + b + |a − b|)/2 and minimum as (a + b − |a − b|)/2, with ties.</summary>
        [Differentiable]
        public static Tensor MaximumByAbs(Tensor a, Tensor b)
        {
            Tensor gap = (a - b).Abs();
            Tensor max = (a + b + gap) * 0.5f;
            Tensor min = (a + b - gap) * 0.5f;
            return (max * 3f + min * min).Sum();
        }

        // ---- Broadcasting and reductions ----

        /// <summary>An outer product by broadcasting [n, 1] against [1, m], and [n, 1] + [m].</summary>
        [Differentiable]
        public static Tensor OuterBroadcast(Tensor column, Tensor row, Tensor vector)
        {
            Tensor outer = column * row;
            Tensor sum = column + vector;
            return (outer.Tanh() * sum).Sum() + (outer / (sum * sum + 1f)).Mean();
        }

        /// <summary>Three-dimensional broadcasting: [2, 1, 3] against [4, 1] and a scalar-shaped tensor.</summary>
        [Differentiable]
        public static Tensor Broadcast3D(Tensor a, Tensor b, Tensor s)
        {
            Tensor c = a * b - s;
            return (c.Sigmoid() * c).Sum() + (a - b.Unsqueeze(0)).Pow(2f).Mean();
        }

        /// <summary>Reductions over several dimensions of a 3-D tensor, with and without keepdim.</summary>
        [Differentiable]
        public static Tensor ReductionsOverDims(Tensor x)
        {
            Tensor a = x.Sum(1).Mean();
            Tensor b = (x.Sum(0, keepDim: true) * x).Sum();
            Tensor c = x.Mean(-1).Pow(2f).Sum();
            Tensor d = (x / x.Sum(-2, keepDim: true)).Sum();
            Tensor e = x.Max(2).Sum();
            return a + b + c + d + e;
        }

        /// <summary>A column sum normalising the rows (softmax-like without exp), then a weighted sum.</summary>
        [Differentiable]
        public static Tensor NormalizeRows(Tensor x, [NoDiff] Tensor w)
        {
            Tensor p = x / x.Sum(1, keepDim: true);
            return (p * w).Sum() + p.Pow(2f).Sum(0).Mean();
        }

        /// <summary>A sum over a dimension of size one, and a mean of a 1-D tensor with keepdim.</summary>
        [Differentiable]
        public static Tensor DegenerateReductions(Tensor x, Tensor v)
        {
            Tensor s = x.Sum(1);
            Tensor m = v.Mean(0, keepDim: true);
            return (s * s).Sum() + (v * m).Sum() + x.Squeeze(1).Mean(0) * 2f;
        }

        /// <summary>Softmax over dimension 0 of a 3-D tensor, log-softmax over dimension −2.</summary>
        [Differentiable]
        public static Tensor SoftmaxOverDims(Tensor x, [NoDiff] Tensor w)
        {
            Tensor p = x.Softmax(0);
            Tensor l = x.LogSoftmax(-2);
            return (p * w).Sum() + (l * w * w).Sum();
        }

        // ---- Shapes, joins and slices ----

        /// <summary>Transpose then MatMul, and a permuted 3-D tensor flattened into a MatMul.</summary>
        [Differentiable]
        public static Tensor TransposedProducts(Tensor x, Tensor y, Tensor z)
        {
            Tensor a = Tensor.MatMul(x.Transpose(0, 1), y);
            Tensor b = Tensor.MatMul(z.Permute(2, 0, 1).Reshape(4, -1), x);
            return (a * a).Sum() + b.Tanh().Sum();
        }

        /// <summary>MatMul of vectors and matrices in every combination, and a batch against one matrix.</summary>
        [Differentiable]
        public static Tensor MatMulRanks(Tensor v, Tensor m, Tensor batch)
        {
            Tensor dot = Tensor.MatMul(v, v);
            Tensor mv = Tensor.MatMul(m, v);
            Tensor vm = Tensor.MatMul(v, m.T);
            Tensor bm = Tensor.MatMul(batch, m);
            return dot * mv.Sum() + (vm * vm).Sum() + bm.Sigmoid().Sum();
        }

        /// <summary>Cat and Stack in the middle of a computation, then reductions across what was joined.</summary>
        [Differentiable]
        public static Tensor JoinInTheMiddle(Tensor a, Tensor b, Tensor w)
        {
            Tensor joined = Tensor.Cat(a * 2f, b.Exp(), 1);
            Tensor projected = Tensor.MatMul(joined, w);
            Tensor stacked = Tensor.Stack(a, b.Tanh(), 0);
            Tensor mixed = stacked.Sum(0) * stacked.Mean(2, keepDim: true).Select(0, 1);
            Tensor again = Tensor.Cat(joined, joined, 0);
            return projected.Pow(2f).Sum() + mixed.Sum() + again.Mean();
        }

        /// <summary>Chunks taken with Narrow (the runtime's Split/Chunk return arrays), recombined.</summary>
        [Differentiable]
        public static Tensor NarrowChunks(Tensor x)
        {
            int third = x.Shape[1] / 3;
            Tensor q = x.Narrow(1, 0, third);
            Tensor k = x.Narrow(1, third, third);
            Tensor v = x.Narrow(1, 2 * third, third);
            return (q * k.Sigmoid() + v).Pow(2f).Sum();
        }

        /// <summary>Slicing with C# ranges and indices from the end, and Slice with steps and negative starts.</summary>
        [Differentiable]
        public static Tensor RangesAndSteps(Tensor x)
        {
            Tensor inner = x[1..^1, ..];
            Tensor last = x[^1];
            Tensor lastColumn = x[.., ^1];
            Tensor tail = x[.., ^2..];
            Tensor stepped = x.Slice(1, 0, int.MaxValue, 2);
            Tensor fromEnd = x.Slice(0, -2, int.MaxValue, 1);
            Tensor offset = x.Slice(1, 1, 4, 2);
            return (inner * inner).Sum() + (last * lastColumn.Sum()).Sum() + tail.Exp().Sum()
                + stepped.Pow(3f).Sum() + fromEnd.Tanh().Sum() + (offset * 5f).Sum() + x[0, 1] * x[2, 3];
        }

        /// <summary>Overlapping slices, read many times each, so gradients from several slices add up.</summary>
        [Differentiable]
        public static Tensor OverlappingSlices(Tensor x)
        {
            Tensor head = x.Narrow(0, 0, 4);
            Tensor tail = x.Narrow(0, 2, 4);
            Tensor middle = x[1..5];
            return (head * tail).Sum() + (middle * head).Sum() + (tail * middle * middle).Sum();
        }

        /// <summary>IndexSelect and Gather with repeated indices: their gradients must add up.</summary>
        [Differentiable]
        public static Tensor RepeatedIndices(Tensor x, [NoDiff] IntTensor columns)
        {
            Tensor rows = x.IndexSelect(0, new[] { 0, 2, 0, 1 });
            Tensor picked = rows.Gather(1, columns);
            return (picked * picked).Sum() + rows.Sum(1).Exp().Sum() * 0.1f;
        }

        /// <summary>ScatterAdd of a source into a base, both differentiable, with repeated targets.</summary>
        [Differentiable]
        public static Tensor ScatterAddBoth(Tensor self, Tensor source, [NoDiff] IntTensor index)
        {
            Tensor scattered = self.ScatterAdd(0, index, source);
            return (scattered * scattered).Sum() + scattered.Tanh().Sum();
        }

        /// <summary>Scatter (overwrite) with distinct targets: the overwritten part of the base gets nothing.</summary>
        [Differentiable]
        public static Tensor ScatterOverwrite(Tensor self, Tensor source, [NoDiff] IntTensor index)
        {
            Tensor scattered = self.Scatter(1, index, source);
            return (scattered.Exp() * self).Sum();
        }

        /// <summary>An embedding lookup with a padding index and repeated tokens.</summary>
        [Differentiable]
        public static Tensor EmbeddingLookup(Tensor weight, [NoDiff] IntTensor tokens)
        {
            Tensor e = Functional.Embedding(tokens, weight, paddingIdx: 0);
            return (e.Sum(1) * e.Mean(1)).Sum();
        }

        /// <summary>Where with a broadcast mask and a broadcast operand, and MaskedFill in the middle.</summary>
        [Differentiable]
        public static Tensor WhereBroadcast(Tensor x, Tensor y, [NoDiff] Tensor rowMask, [NoDiff] Tensor mask)
        {
            Tensor chosen = Tensor.Where(rowMask, x * x, y);
            Tensor filled = (x * 3f).MaskedFill(mask, 2f);
            return (chosen * filled).Sum() + Tensor.Where(mask, x.Exp(), x.Tanh()).Sum();
        }

        // ---- Elementwise math, edges ----

        /// <summary>Clamp with elements exactly on its bounds, and Hardtanh with the same.</summary>
        [Differentiable]
        public static Tensor ClampAtBounds(Tensor x) => (x.Clamp(-1f, 1f) * x).Sum() + x.Clamp(0f, 0.5f).Sum() * 3f;

        /// <summary>A power with a tensor exponent, written exp(y log x).</summary>
        [Differentiable]
        public static Tensor PowTensorExponent(Tensor x, Tensor y) => (y * x.Log()).Exp().Sum();

        /// <summary>Pow at 0 and at negative bases with whole exponents.</summary>
        [Differentiable]
        public static Tensor PowEdges(Tensor x) =>
            x.Pow(2f).Sum() + x.Pow(3f).Sum() + x.Pow(1f).Sum() * 2f + x.Pow(0f).Sum() + (x * x).Pow(1.5f).Sum() + (x * x + 1f).Pow(-1f).Sum();

        /// <summary>Sqrt near zero: sqrt(x² + ε) at 0 and sqrt of small positive values.</summary>
        [Differentiable]
        public static Tensor SqrtNearZero(Tensor x, Tensor p) => (x * x + 1e-12f).Sqrt().Sum() + p.Sqrt().Sum();

        /// <summary>Chains of Exp and Log, and quotients with a float on the left.</summary>
        [Differentiable]
        public static Tensor ExpLogChain(Tensor x)
        {
            Tensor a = x.Exp().Log().Exp();
            Tensor b = (x.Exp() + 1f).Log().Log();
            Tensor c = 1f / (1f + (-x).Exp());
            return (a + b * 2f + c).Sum() + (2f - x).Exp().Mean();
        }

        /// <summary>Saturating values: sigmoid and tanh at ±30, log-sigmoid at −30.</summary>
        [Differentiable]
        public static Tensor Saturation(Tensor x) => x.Sigmoid().Sum() + x.Tanh().Sum() + x.LogSigmoid().Sum() + x.Softplus().Sum();

        // ---- Reuse, reassignment, loops, branches ----

        /// <summary>The same tensor reused in several branches of one expression.</summary>
        [Differentiable]
        public static Tensor Reused(Tensor x)
        {
            Tensor y = x * x;
            Tensor z = y * x + x;
            Tensor w = z * y - x.Exp() * y;
            return (w + x * z + y / (z * z + 1f)).Sum();
        }

        /// <summary>Compound assignments that look like in-place updates.</summary>
        [Differentiable]
        public static Tensor InPlaceLooking(Tensor x, Tensor y)
        {
            Tensor h = x;
            h = h * 2f;
            h += x;
            h -= y;
            h *= h;
            h /= 3f;
            h = h + h.Exp() * 0.1f;
            Tensor g = y;
            g += g;
            g *= x;
            return (h * g).Sum();
        }

        /// <summary>A loop of fixed count that accumulates powers of x into a sum started from zeros.</summary>
        [Differentiable]
        public static Tensor LoopPowers(Tensor x, int n)
        {
            Tensor total = Tensor.Zeros(x.Shape);
            Tensor power = Tensor.Ones(x.Shape);
            for (int i = 0; i < n; i++)
            {
                power = power * x;
                total = total + power / (i + 1f);
            }

            return (total * total).Sum();
        }

        /// <summary>An RNN cell unrolled over the rows of a sequence.</summary>
        [Differentiable]
        public static Tensor UnrolledRnn(Tensor sequence, Tensor wx, Tensor wh, Tensor b)
        {
            int steps = sequence.Shape[0];
            Tensor h = Tensor.Zeros(1, wh.Shape[0]);
            Tensor total = Tensor.Zeros(1, wh.Shape[0]);
            for (int t = 0; t < steps; t++)
            {
                Tensor input = sequence.Narrow(0, t, 1);
                h = (Tensor.MatMul(input, wx) + Tensor.MatMul(h, wh) + b).Tanh();
                total += h;
            }

            return (total * total).Sum() + h.Sum();
        }

        /// <summary>A branch on a scalar parameter picking different computations, and a conditional operator.</summary>
        [Differentiable]
        public static Tensor BranchOnScalar(Tensor x, Tensor w, int mode, bool useExp)
        {
            Tensor y;
            if (mode == 0)
            {
                y = x * w;
            }
            else if (mode == 1)
            {
                y = Tensor.MatMul(x, w.T).Tanh();
            }
            else
            {
                y = (x - w).Abs();
            }

            Tensor z = useExp ? y.Exp() : y.Sigmoid() * y;
            return z.Sum();
        }

        /// <summary>A loop that breaks on a scalar test and returns early from inside.</summary>
        [Differentiable]
        public static Tensor LoopWithBreak(Tensor x, int limit)
        {
            Tensor h = x;
            for (int i = 0; i < 10; i++)
            {
                if (i == limit)
                {
                    break;
                }

                if (i == 7)
                {
                    return h.Sum();
                }

                h = (h * 0.5f + 1f).Log() + h;
            }

            return (h * h).Sum();
        }

        /// <summary>A tensor helper called from another, twice on the same argument and once on its result.</summary>
        [Differentiable]
        public static Tensor HelperCalls(Tensor x, Tensor w)
        {
            Tensor a = GeluHelper(x);
            Tensor b = GeluHelper(x);
            Tensor c = GeluHelper(a * w);
            return (a * b + c).Sum() + Norm2(c - x);
        }

        [Differentiable]
        public static Tensor GeluHelper(Tensor x) => x * 0.5f * ((x * 0.7978846f + x.Pow(3f) * 0.035677f).Tanh() + 1f);

        [Differentiable]
        public static Tensor Norm2(Tensor x) => (x * x).Sum().Sqrt();

        /// <summary>A scalar (shape []) from a reduction broadcast back against the tensor it came from.</summary>
        [Differentiable]
        public static Tensor ScalarBroadcast(Tensor x)
        {
            Tensor s = x.Sum();
            Tensor m = x.Mean();
            Tensor centered = x - m;
            return (centered * s).Pow(2f).Sum() + (x / s).Sum();
        }

        /// <summary>Squeeze, Unsqueeze, Flatten and Reshape with −1 between ops.</summary>
        [Differentiable]
        public static Tensor ShapeShuffle(Tensor x)
        {
            Tensor a = x.Unsqueeze(0).Unsqueeze(-1);
            Tensor b = a.Squeeze().Flatten();
            Tensor c = b.Reshape(-1, 2).T;
            Tensor d = x.Reshape(2, 1, -1).Squeeze(1);
            return (c.Exp() * c).Sum() + (d * d.Flatten(0, 1).Reshape(2, 3)).Sum() + a.Sum(3).Sum(0).Tanh().Sum();
        }

        // ---- Convolutions and pooling ----

        /// <summary>A strided, padded convolution, ReLU, max pooling with ties, average pooling, flattened into a linear layer.</summary>
        [Differentiable]
        public static Tensor ConvNet(Tensor x, Tensor w, Tensor b, Tensor fc)
        {
            Tensor h = Functional.Conv2d(x, w, b, stride: 1, padding: 1).Relu();
            Tensor p = Functional.MaxPool2d(h, 2);
            Tensor a = Functional.AvgPool2d(h, 2, stride: 1);
            Tensor flat = p.Flatten(1);
            return Tensor.MatMul(flat, fc).Pow(2f).Sum() + a.Mean();
        }

        /// <summary>A dilated 1-D convolution with groups.</summary>
        [Differentiable]
        public static Tensor DilatedConv1d(Tensor x, Tensor w) => Functional.Conv1d(x, w, null, stride: 2, padding: 2, dilation: 2, groups: 2).Tanh().Sum();

        /// <summary>Max pooling on a plateau (all elements equal in a window).</summary>
        [Differentiable]
        public static Tensor MaxPoolPlateau(Tensor x) => (Functional.MaxPool2d(x, 2) * 2f).Sum();

        // ---- The seed tutorial ----

        /// <summary>Linear regression: mean((w x + b − y)²) with w and b scalars of shape [1].</summary>
        [Differentiable]
        public static Tensor LinearRegression(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor y)
        {
            Tensor prediction = w * x + b;
            return (prediction - y).Pow(2f).Mean();
        }

        /// <summary>A two-layer perceptron with MSE.</summary>
        [Differentiable]
        public static Tensor MlpMse(Tensor w1, Tensor b1, Tensor w2, Tensor b2, [NoDiff] Tensor x, [NoDiff] Tensor y)
        {
            Tensor hidden = Functional.Linear(x, w1, b1).Relu();
            Tensor output = Functional.Linear(hidden, w2, b2);
            return Functional.MSELoss(output, y);
        }

        /// <summary>A two-layer perceptron with BCE with logits, with explicit MatMul and broadcast bias.</summary>
        [Differentiable]
        public static Tensor MlpBce(Tensor w1, Tensor b1, Tensor w2, Tensor b2, [NoDiff] Tensor x, [NoDiff] Tensor y)
        {
            Tensor hidden = (Tensor.MatMul(x, w1.T) + b1).Tanh();
            Tensor logits = (Tensor.MatMul(hidden, w2.T) + b2).Squeeze(1);
            return Functional.BCEWithLogitsLoss(logits, y);
        }

        /// <summary>A loss through a module of its own, with a parameter of its own and two Linear layers.</summary>
        [Differentiable]
        public static Tensor ModuleLoss(Module model, Tensor x, [NoDiff] Tensor y)
        {
            Tensor output = model.Forward(x);
            return Functional.MSELoss(output, y) + output.Pow(2f).Mean() * 0.1f;
        }

        // ---- Batch 2: result-dependent backwards in loops, detaching helpers, overloads, negative dims ----

        /// <summary>Ops whose backward reads their result (softmax, sqrt, exp, log-softmax), reassigned in a loop.</summary>
        [Differentiable]
        public static Tensor LoopOfResultOps(Tensor x, Tensor w, int n)
        {
            Tensor h = x;
            for (int i = 0; i < n; i++)
            {
                h = (h * w).Softmax(-1);
                h = h.Sqrt() + h.Exp();
                h = h.LogSoftmax(-1) * 0.5f;
            }

            return (h * h).Sum();
        }

        /// <summary>Two tensors updated on alternate trips, with continue.</summary>
        [Differentiable]
        public static Tensor AlternatingUpdates(Tensor x, Tensor w, int n)
        {
            Tensor a = x;
            Tensor b = w;
            for (int i = 0; i < n; i++)
            {
                if (i % 2 == 0)
                {
                    a = a * b + 0.1f;
                }
                else
                {
                    b = (b + a).Tanh();
                    continue;
                }

                a = a.Sigmoid();
            }

            return (a * b).Sum();
        }

        /// <summary>Nested loops with a break in the inner one and a scalar-shaped mean broadcast back.</summary>
        [Differentiable]
        public static Tensor NestedLoops(Tensor x, int n, int m)
        {
            Tensor h = x;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    if (j > i)
                    {
                        break;
                    }

                    h = h * 0.9f + (h * h).Mean();
                }

                h = h.Tanh();
            }

            return h.Sum();
        }

        /// <summary>A helper whose second parameter is [NoDiff]: passing x there is PyTorch's x.detach().</summary>
        [Differentiable]
        public static Tensor DetachThroughHelper(Tensor x) => ScaleBy(x, x).Sum() + ScaleBy(x.Exp(), x * x).Mean();

        [Differentiable]
        public static Tensor ScaleBy(Tensor a, [NoDiff] Tensor s) => a * s.Sum();

        /// <summary>The same tensor passed to both differentiable parameters of a helper.</summary>
        [Differentiable]
        public static Tensor SameArgumentTwice(Tensor x) => Bilinear(x, x) + Bilinear(x, x.Tanh());

        [Differentiable]
        public static Tensor Bilinear(Tensor a, Tensor b) => (a * b.Exp()).Sum() + Tensor.MatMul(a, b);

        /// <summary>Overloads: Energy(x) calls Energy(x, 3).</summary>
        [Differentiable]
        public static Tensor Energy(Tensor x) => Energy(x, 3f) * 0.5f;

        [Differentiable]
        public static Tensor Energy(Tensor x, float p) => (x * x + 1f).Pow(p / 2f).Sum();

        /// <summary>A helper called with a named argument and defaults.</summary>
        [Differentiable]
        public static Tensor NamedArguments(Tensor x) => Softened(x, temperature: 0.5f).Sum() + Softened(x).Max(0);

        [Differentiable]
        public static Tensor Softened(Tensor x, float temperature = 1f, bool logarithm = false) =>
            logarithm ? (x / temperature).LogSoftmax(0) : (x / temperature).Softmax(0) * x;

        /// <summary>An identity helper and a helper that returns a view of its argument.</summary>
        [Differentiable]
        public static Tensor IdentityHelpers(Tensor x)
        {
            Tensor a = Id(x);
            Tensor b = Flat(Id(a * 2f));
            return (a * b).Sum() + Id(Id(b)).Exp().Sum();
        }

        [Differentiable]
        public static Tensor Id(Tensor a) => a;

        [Differentiable]
        public static Tensor Flat(Tensor a) => a.Reshape(-1);

        /// <summary>The result is the second parameter itself.</summary>
        [Differentiable]
        public static Tensor ReturnsParameter(Tensor x, Tensor w) => w;

        /// <summary>The result is a view (reshape) of the parameter.</summary>
        [Differentiable]
        public static Tensor ReturnsViewOfParameter(Tensor x) => x.Reshape(1);

        /// <summary>Negative dimensions everywhere: transpose(−2, −1), permute, stack/cat on −1, select −1, narrow from the end.</summary>
        [Differentiable]
        public static Tensor NegativeDims(Tensor q, Tensor k)
        {
            Tensor scores = Tensor.MatMul(q, k.Transpose(-2, -1));
            Tensor p = scores.Permute(0, -1, -2).Softmax(-1);
            Tensor stacked = Tensor.Stack(q, k, -1);
            Tensor joined = Tensor.Cat(q, k, -1);
            Tensor last = joined.Select(-1, -1);
            Tensor tail = q.Narrow(-1, -2, 2);
            Tensor flat = stacked.Flatten(-2).Unsqueeze(-2).Squeeze(-2);
            return (p * p).Sum() + stacked.Pow(2f).Mean() + last.Exp().Sum() + tail.Tanh().Sum() + flat.Sigmoid().Sum();
        }

        /// <summary>Gather and ScatterAdd with an index smaller than the source in the other dimensions (allowed by PyTorch).</summary>
        [Differentiable]
        public static Tensor PartialIndex(Tensor x, Tensor self, Tensor source, [NoDiff] IntTensor gatherIndex, [NoDiff] IntTensor scatterIndex)
        {
            Tensor g = x.Gather(1, gatherIndex);
            Tensor s = self.ScatterAdd(0, scatterIndex, source);
            return (g * g).Sum() + (s * s).Sum();
        }

        /// <summary>Slices at the edges: negative starts and ends, a step past the end, an empty slice.</summary>
        [Differentiable]
        public static Tensor SliceEdges(Tensor x)
        {
            Tensor a = x.Slice(0, -1, 10);
            Tensor b = x.Slice(0, 1, -1, 2);
            Tensor c = x.Slice(0, 4, 2);
            Tensor d = x[^3..^1];
            Tensor e = x.Slice(0, -100, 100, 3);
            return a.Sum() * 3f + b.Pow(2f).Sum() + c.Sum() + d.Exp().Sum() + (e * e * e).Sum();
        }

        /// <summary>Scalar-shaped tensors: a constant from Tensor.Scalar, an element of a vector, the maximum of a vector.</summary>
        [Differentiable]
        public static Tensor ScalarShapes(Tensor x)
        {
            Tensor s = Tensor.Scalar(2f);
            Tensor last = x[^1];
            Tensor top = x.Max(0);
            return (x * s * last).Sum() + top * top + x.LogSoftmax(0)[0];
        }

        /// <summary>Masked log-softmax (−∞ fill) whose targets are unmasked, read with Gather.</summary>
        [Differentiable]
        public static Tensor MaskedLogSoftmax(Tensor logits, [NoDiff] Tensor mask, [NoDiff] IntTensor targets)
        {
            Tensor logp = logits.MaskedFill(mask, float.NegativeInfinity).LogSoftmax(1);
            return -logp.Gather(1, targets).Mean();
        }

        /// <summary>Square roots and logs at 0 (infinite gradients, as in PyTorch).</summary>
        [Differentiable]
        public static Tensor RootsAtZero(Tensor x) => x.Sqrt().Sum() + x.Pow(0.5f).Sum();

        // ---- Batch 3: parameters reassigned, optional tensors, switches, constants ----

        /// <summary>Both parameters reassigned (x = x * w; w = w.Exp()) before they are read again.</summary>
        [Differentiable]
        public static Tensor ParametersReassigned(Tensor x, Tensor w)
        {
            x = x * w;
            w = w.Exp();
            x += w;
            return (x * w).Sum();
        }

        /// <summary>A parameter reassigned in a loop.</summary>
        [Differentiable]
        public static Tensor ParameterReassignedInLoop(Tensor x, Tensor w, int n)
        {
            for (int i = 0; i < n; i++)
            {
                x = (x * w).Tanh() + x;
            }

            return x.Pow(2f).Sum();
        }

        /// <summary>An optional bias, added when it is not null.</summary>
        [Differentiable]
        public static Tensor OptionalBias(Tensor x, Tensor w, Tensor? bias = null)
        {
            Tensor y = Tensor.MatMul(x, w);
            if (bias is not null)
            {
                y = y + bias;
            }

            return y.Tanh().Sum();
        }

        /// <summary>Clone, Full, Arange and a static constant mixed into the computation.</summary>
        [Differentiable]
        public static Tensor Constants(Tensor x)
        {
            Tensor copy = x.Clone();
            Tensor full = Tensor.Full(x.Shape, 0.5f);
            Tensor steps = Tensor.Arange(x.Shape[0]);
            return (copy * full + steps * x + Weights * copy * copy).Sum();
        }

        private static readonly Tensor Weights = Tensor.FromArray(new[] { 1f, -2f, 0.5f, 3f });

        /// <summary>The runtime's cross-entropy with IntTensor targets and sum reduction.</summary>
        [Differentiable]
        public static Tensor CrossEntropyIntTensor(Tensor logits, IntTensor targets) =>
            Functional.CrossEntropyLoss(logits, targets, Reduction.Sum);

        /// <summary>While and do-while loops driven by counters.</summary>
        [Differentiable]
        public static Tensor WhileLoops(Tensor x, int n)
        {
            Tensor h = x;
            int i = 0;
            while (i < n)
            {
                h = h * h.Sigmoid();
                i++;
            }

            do
            {
                h = h + x * 0.5f;
                i--;
            }
            while (i > 0);

            return h.Sum();
        }

        /// <summary>An embedding looked up with float indices.</summary>
        [Differentiable]
        public static Tensor EmbeddingFloatIndices(Tensor weight, [NoDiff] Tensor indices) =>
            Functional.Embedding(indices, weight).Pow(2f).Sum();

        // ---- Results that are not scalars, through the pullback ----

        [Differentiable]
        public static Tensor PullLinear(Tensor x, Tensor w, Tensor b) => Functional.Linear(x, w, b).Tanh();

        [Differentiable]
        public static Tensor PullBroadcast(Tensor a, Tensor b) => a * b + a;

        [Differentiable]
        public static Tensor PullIdentity(Tensor x) => x;

        [Differentiable]
        public static Tensor PullView(Tensor x) => (x * 2f).Reshape(-1);

        [Differentiable]
        public static Tensor PullSoftmax(Tensor x) => x.Softmax(1);

        [Differentiable]
        public static Tensor PullCat(Tensor a, Tensor b) => Tensor.Cat(a.Exp(), b, 0);

        [Differentiable]
        public static Tensor PullCrossEntropyNone(Tensor logits) => Functional.CrossEntropyLoss(logits, new[] { 1, 0, 2 }, Reduction.None);

        // ---- Modules ----

        /// <summary>A loss through the runtime's Sequential.</summary>
        [Differentiable]
        public static Tensor SequentialLoss(Module model, Tensor x, [NoDiff] Tensor y) => Functional.MSELoss(model.Forward(x), y, Reduction.Sum);
    }

    /// <summary>A small module: fc2(gelu(fc1(x)) * scale) + fc1(x).sum(1, keepdim).</summary>
    public sealed partial class PeerModule : Module
    {
        public PeerModule()
        {
            Fc1 = RegisterModule("fc1", new Linear(3, 4, generator: new Generator(1)));
            Fc2 = RegisterModule("fc2", new Linear(4, 2, generator: new Generator(2)));
            Scale = RegisterParameter("scale", Tensor.Ones(4));
        }

        public Linear Fc1 { get; }

        public Linear Fc2 { get; }

        public Parameter Scale { get; }

        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            Tensor h = Fc1.Forward(input);
            Tensor g = h.Gelu() * Scale.Value;
            return Fc2.Forward(g) + h.Sum(1, keepDim: true);
        }
    }
}

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>One Linear layer used twice (shared weights), and a list of layers visited with foreach.</summary>
    public sealed partial class SharedAndListed : Module
    {
        public SharedAndListed()
        {
            Shared = RegisterModule("shared", new Linear(3, 3, generator: new Generator(3)));
            Layers = new[]
            {
                RegisterModule("layer0", new Linear(3, 3, generator: new Generator(4))),
                RegisterModule("layer1", new Linear(3, 2, bias: false, generator: new Generator(5))),
            };
            Offset = Tensor.FromArray(new[] { 0.25f, -0.5f, 0.125f });
        }

        public Linear Shared { get; }

        public Linear[] Layers { get; }

        public Tensor Offset { get; }

        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            Tensor h = Shared.Forward(Shared.Forward(input).Tanh() + Offset);
            foreach (Linear layer in Layers)
            {
                h = layer.Forward(h).Sigmoid();
            }

            return h;
        }
    }
}
