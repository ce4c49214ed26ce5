using System.Linq;
using Diff;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>Scaled dot-product attention over <c>[B, H, T, D]</c>, as transformer code writes it: rank-4 products.</summary>
    public static partial class AttentionFunctions
    {
        [Differentiable]
        public static Tensor Attention(Tensor q, Tensor k, Tensor v) =>
            Tensor.MatMul((Tensor.MatMul(q, k.Transpose(2, 3)) * 0.5f).Softmax(3), v).Pow(2).Sum();
    }

    public sealed class AttentionTests
    {
        private static Tensor Values(int shift) =>
            Tensor.FromArray(Enumerable.Range(0, 12).Select(i => ((i * 7 + shift) % 11) / 5f - 1f).ToArray(), 1, 2, 3, 2);

        /// <summary>
        /// The value and the gradients of every input agree with PyTorch 1.13's in float64 for
        /// <c>((softmax(q @ kᵀ · 0.5, 3) @ v)²).sum()</c> with the same inputs.
        /// </summary>
        [Fact]
        public void Attention_over_four_dimensional_tensors_matches_PyTorch()
        {
            Tensor dQ = Tensor.Zeros(1, 2, 3, 2), dK = Tensor.Zeros(1, 2, 3, 2), dV = Tensor.Zeros(1, 2, 3, 2);
            Tensor value = AttentionFunctions.AttentionGradient(Values(1), Values(4), Values(9), dQ, dK, dV);

            Assert.Equal(0.41649419916200014, value.Item(), 5);
            double[] q = { 0.0313539273, 0.0313539273, -0.0113803596, -0.0113803596, 0.04, 0.04, 0.0381035683, -0.0633548637, -0.0402661625, -0.0204691217, -0.00998392289, -0.086468177 };
            double[] k = { 0.000298286857, -0.022750466, 0.0107485428, 0.0218464054, -0.0110468297, 0.000904060651, -0.051516662, 0.0257878861, -0.00073878561, -0.0239006422, 0.0522554477, -0.00188724397 };
            double[] v = { -0.0165687958, -0.19790224, -0.0329762321, -0.184582005, -0.0439585949, -0.174145218, 0.530820616, 0.315207588, 0.500897858, 0.429200897, 0.489131205, 0.460212738 };
            foreach ((double[] expected, Tensor actual) in new[] { (q, dQ), (k, dK), (v, dV) })
            {
                float[] got = actual.ToArray();
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(System.Math.Abs(expected[i] - got[i]) <= 1e-5 + 1e-4 * System.Math.Abs(expected[i]), $"element {i}: {got[i]} against PyTorch's {expected[i]}");
                }
            }
        }
    }
}
