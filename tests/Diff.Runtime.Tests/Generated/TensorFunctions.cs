using Diff;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>[Differentiable] tensor code covering each construct of tensor mode.</summary>
    public static partial class TensorFunctions
    {
        [Differentiable]
        public static Tensor SumOfSquares(Tensor x) => (x * x).Sum();

        [Differentiable]
        public static Tensor MeanSquaredError(Tensor w, [NoDiff] Tensor x, [NoDiff] Tensor target)
        {
            Tensor prediction = Tensor.MatMul(w, x);
            Tensor error = prediction - target;
            return (error * error).Mean();
        }

        [Differentiable]
        public static Tensor Broadcasting(Tensor x, Tensor bias) => ((x + bias).Tanh() * 2f).Sum();

        [Differentiable]
        public static Tensor Reassigned(Tensor x, Tensor w, int steps)
        {
            Tensor h = x;
            for (int i = 0; i < steps; i++)
            {
                h = (h * w + x).Sigmoid();
            }

            h += x;
            return h.Sum();
        }

        [Differentiable]
        public static Tensor Branches(Tensor x, bool square)
        {
            Tensor y = square ? x * x : x.Exp();
            if (!square)
            {
                y = y * 3f;
            }
            else
            {
                y = -y;
            }

            return y.Sum();
        }

        [Differentiable]
        public static Tensor Nested(Tensor x, Tensor w) => Helper(Helper(x, w), w).Mean();

        [Differentiable]
        public static Tensor Helper(Tensor a, Tensor b) => (a * b).Relu() + (a * a + 1f).Sqrt() - a.Abs() * 0.25f;

        [Differentiable]
        public static Tensor Elementwise(Tensor x) => (x.Exp() * 0.5f + (x * x + 1f).Log() - x.Pow(3f) / 4f).Sum();

        [Differentiable]
        public static Tensor Reductions(Tensor x) => (x.Sum(1) * x.Mean(0, keepDim: true).Sum()).Sum() + x.Max(1).Sum();

        [Differentiable]
        public static Tensor Shapes(Tensor x) => (x.Reshape(3, 2).T * x).Sum() + (x.Transpose() * 2f).Sum() + x.Reshape(-1).Softmax(0).Sum();

        [Differentiable]
        public static Tensor NoDiffParameter(Tensor x, [NoDiff] Tensor scale) => (x * scale).Sum();

        [Differentiable]
        public static Tensor Vector(Tensor x) => x * x;

        [Differentiable]
        public static Tensor LogSoftmaxPick(Tensor logits, int[] targets) => -logits.LogSoftmax(1).Gather(targets).Mean();

        [Differentiable]
        public static Tensor LinearLayer(Tensor input, Tensor weight, Tensor bias) => Tensor.Linear(input, weight, bias).Relu().Sum();

        [Differentiable]
        public static Tensor WhileLoop(Tensor x, int n)
        {
            Tensor total = x * 0f;
            int k = n;
            while (k > 0)
            {
                total = total + x * (float)k;
                k--;
            }

            return total.Sum();
        }
    }
}
