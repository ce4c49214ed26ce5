using System.IO;
using System.Linq;
using Samples.AutogradByHand;

namespace Diff.Samples.Tests;

public class AutogradByHandTests
{
    private static readonly AutogradByHandSample.Result Result = AutogradByHandSample.Run(TextWriter.Null);

    [Fact]
    public void Product_of_3_and_4_is_12_with_gradients_4_and_3()
    {
        Assert.Equal(12f, Result.Product.Item());
        Assert.Equal(4f, Result.Grad1.Item());
        Assert.Equal(3f, Result.Grad2.Item());
    }

    [Fact]
    public void Gradient_descent_by_hand_follows_the_hand_computed_steps()
    {
        // E = (v1 v2 - 6)²: ∂E/∂v1 = 2 (v1 v2 - 6) v2, ∂E/∂v2 = 2 (v1 v2 - 6) v1.
        double v1 = 3, v2 = 4;
        for (int step = 0; step < Result.HandDescentProducts.Length; step++)
        {
            double r = v1 * v2 - 6;
            (v1, v2) = (v1 - 0.01 * 2 * r * v2, v2 - 0.01 * 2 * r * v1);
            Assert.Equal(v1 * v2, Result.HandDescentProducts[step], 1e-3);
        }

        Assert.True(Math.Abs(Result.HandDescentProducts[^1] - 6) < Math.Abs(12 - 6), "the product moves towards 6");
    }

    [Fact]
    public void SGD_with_momentum_follows_PyTorchs_update_rule()
    {
        // PyTorch's SGD: buf = g on the first step, then buf = 0.9 buf + g; p -= lr · buf.
        double v1 = 3, v2 = 4, b1 = 0, b2 = 0;
        for (int step = 0; step < Result.MomentumVar1.Length; step++)
        {
            double r = v1 * v2 - 6;
            double g1 = 2 * r * v2, g2 = 2 * r * v1;
            b1 = step == 0 ? g1 : 0.9 * b1 + g1;
            b2 = step == 0 ? g2 : 0.9 * b2 + g2;
            v1 -= 0.01 * b1;
            v2 -= 0.01 * b2;
            Assert.Equal(v1, Result.MomentumVar1[step], 1e-3);
            Assert.Equal(v2, Result.MomentumVar2[step], 1e-3);
        }
    }

    [Fact]
    public void Layers_have_PyTorchs_shapes_and_bias_gradient_counts_the_rows()
    {
        Assert.Equal(new[] { 128, 30 }, Result.LayerOutputShape);
        Assert.Equal(new[] { 128, 40 }, Result.ChainOutputShape);

        // d(Σ output - 12)/d(bias of the last layer) = 128 for each output: the bias is added to every row.
        Assert.Equal(Enumerable.Repeat(128f, 40), Result.LastBiasGrad.ToArray());
    }

    [Fact]
    public void Module_registers_six_parameters_and_training_lowers_the_loss()
    {
        Assert.Equal(new[] { 128, 40 }, Result.NetworkOutputShape);
        Assert.Equal(6, Result.ParameterTensors);
        Assert.True(Result.TrainingLosses[^1] < 0.9f * Result.TrainingLosses[0],
            $"loss went from {Result.TrainingLosses[0]} to {Result.TrainingLosses[^1]}");
    }
}
