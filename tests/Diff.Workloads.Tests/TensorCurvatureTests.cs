using System;
using System.Linq;
using Xunit;

namespace Diff.Workloads.Tests
{
    /// <summary>The benchmarked tensor Hessian-vector product, against central differences of its gradient.</summary>
    public class TensorCurvatureTests
    {
        [Fact]
        public void Hessian_vector_product_matches_differences_of_the_gradient()
        {
            (Tensor w1, Tensor b1, Tensor w2, Tensor x, Tensor oneHot) = TensorCurvature.Create(inputs: 6, hidden: 5, classes: 3, batch: 4);
            (Tensor v1, Tensor vb1, Tensor v2, _, _) = TensorCurvature.Create(inputs: 6, hidden: 5, classes: 3, batch: 1, seed: 9);
            Tensor[] products = { Tensor.ZerosLike(w1), Tensor.ZerosLike(b1), Tensor.ZerosLike(w2) };
            Tensor[] gradient = { Tensor.ZerosLike(w1), Tensor.ZerosLike(b1), Tensor.ZerosLike(w2) };
            Tensor loss = TensorCurvature.LossHessianVector(w1, b1, w2, x, oneHot, v1, vb1, v2, gradient[0], gradient[1], gradient[2], products[0], products[1], products[2]);
            Assert.Equal(TensorCurvature.Loss(w1, b1, w2, x, oneHot).Item(), loss.Item());

            Tensor[] Gradient(float step)
            {
                Tensor[] g = { Tensor.ZerosLike(w1), Tensor.ZerosLike(b1), Tensor.ZerosLike(w2) };
                TensorCurvature.LossGradient(w1 + v1 * step, b1 + vb1 * step, w2 + v2 * step, x, oneHot, g[0], g[1], g[2]);
                return g;
            }

            const float h = 1e-2f;
            Tensor[] up = Gradient(h), down = Gradient(-h), here = Gradient(0);
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(here[k].ToArray(), gradient[k].ToArray());
                float[] actual = products[k].ToArray(), plus = up[k].ToArray(), minus = down[k].ToArray();
                for (int i = 0; i < actual.Length; i++)
                {
                    double numeric = ((double)plus[i] - minus[i]) / (2 * h);
                    Assert.True(Math.Abs(numeric - actual[i]) <= 5e-3 * (1 + Math.Abs(numeric)), $"tensor {k}, element {i}: {numeric} against {actual[i]}");
                }
            }

            Assert.Contains(products.SelectMany(p => p.ToArray()), e => Math.Abs(e) > 1e-3);
        }
    }
}
