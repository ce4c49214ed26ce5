using System.Collections.Generic;
using System.Text.Json;
using Diff.NN;
using Diff.Optim;

namespace Diff.Runtime.Tests.Reference;

/// <summary>
/// The deterministic quantities the seed tutorials print, with their random inputs drawn once in
/// PyTorch and stored.
/// </summary>
public class SeedReferenceTests
{
    private static JsonElement Seeds => ReferenceData.Root.GetProperty("seeds");

    [Fact]
    public void Y_equals_2x_one_gradient_step()
    {
        JsonElement c = Seeds.GetProperty("y_equals_2x");
        Tensor x = ReferenceData.Tensor(c.GetProperty("x"));
        Tensor y = ReferenceData.Tensor(c.GetProperty("y"));
        Tensor m = Tensor.Scalar(c.GetProperty("m").GetSingle());
        Tensor dM = Tensor.ZerosLike(m);

        Tensor loss = ReferenceModels.SlopeLossGradient(m, x, y, dM);

        Close.Scalar(c.GetProperty("loss").GetDouble(), loss.Item(), "y = 2x: loss");
        Close.Scalar(c.GetProperty("m_grad").GetDouble(), dM.Item(), "y = 2x: m.grad");
        Tensor next = m - dM * c.GetProperty("lr").GetSingle();
        Close.Scalar(c.GetProperty("m_after_step").GetDouble(), next.Item(), "y = 2x: m after one step");
    }

    [Fact]
    public void Mean_of_2_y_squared_gradient()
    {
        JsonElement c = Seeds.GetProperty("mean_2_y_squared");
        Tensor x = ReferenceData.Tensor(c.GetProperty("x"));
        Tensor dX = Tensor.ZerosLike(x);

        Tensor z = ReferenceModels.MeanTwoYSquaredGradient(x, dX);

        Close.Scalar(c.GetProperty("z").GetDouble(), z.Item(), "mean(2 (x + 2)^2)");
        Close.Tensor(c.GetProperty("x_grad"), dX, "mean(2 (x + 2)^2): x.grad");
    }

    [Fact]
    public void Squares()
    {
        JsonElement c = Seeds.GetProperty("squares");
        Tensor x = Tensor.Scalar(c.GetProperty("scalar_x").GetSingle());
        Tensor dX = Tensor.ZerosLike(x);
        Tensor y = ReferenceModels.SquareGradient(x, dX);
        Close.Scalar(c.GetProperty("scalar_y").GetDouble(), y.Item(), "x^2 at 5");
        Close.Scalar(c.GetProperty("scalar_grad").GetDouble(), dX.Item(), "d(x^2)/dx at 5");

        Tensor v = ReferenceData.Tensor(c.GetProperty("vector_x"));
        Tensor dV = Tensor.ZerosLike(v);
        Tensor s = ReferenceModels.SumOfSquaresGradient(v, dV);
        Close.Scalar(c.GetProperty("vector_y").GetDouble(), s.Item(), "sum(x^2) at [1, 2, 3]");
        Close.Tensor(c.GetProperty("vector_grad"), dV, "grad of sum(x^2) at [1, 2, 3]");
    }

    [Fact]
    public void Product_gradients_then_one_SGD_step_with_momentum()
    {
        JsonElement c = Seeds.GetProperty("product_sgd");
        Parameter a = new Parameter(Tensor.Scalar(c.GetProperty("var_1").GetSingle()));
        Parameter b = new Parameter(Tensor.Scalar(c.GetProperty("var_2").GetSingle()));
        Tensor dA = Tensor.ZerosLike(a.Value);
        Tensor dB = Tensor.ZerosLike(b.Value);

        ReferenceModels.ProductGradient(a.Value, b.Value, dA, dB);

        float[] grads = ReferenceData.Floats(c.GetProperty("grads"));
        Close.Scalar(grads[0], dA.Item(), "var_1.grad");
        Close.Scalar(grads[1], dB.Item(), "var_2.grad");

        SGD optimizer = new SGD(new[] { a, b }, lr: c.GetProperty("lr").GetDouble(),
                                momentum: c.GetProperty("momentum").GetDouble());
        a.AccumulateGrad(dA);
        b.AccumulateGrad(dB);
        optimizer.Step();
        optimizer.ZeroGrad();

        float[] after = ReferenceData.Floats(c.GetProperty("after_step"));
        Close.Scalar(after[0], a.Value.Item(), "var_1 after the step");
        Close.Scalar(after[1], b.Value.Item(), "var_2 after the step");
    }

    [Fact]
    public void Linear_regression_one_gradient_step()
    {
        JsonElement c = Seeds.GetProperty("linear_regression");
        Tensor w = ReferenceData.Tensor(c.GetProperty("W"));
        Tensor x = ReferenceData.Tensor(c.GetProperty("x"));
        Tensor yTrue = ReferenceData.Tensor(c.GetProperty("y_true"));
        Tensor dW = Tensor.ZerosLike(w);

        Tensor loss = ReferenceModels.RegressionLossGradient(w, x, yTrue, dW);

        Close.Scalar(c.GetProperty("loss").GetDouble(), loss.Item(), "regression loss");
        Close.Tensor(c.GetProperty("W_grad"), dW, "regression W.grad");
        Tensor next = w - dW * c.GetProperty("lr").GetSingle();
        Close.Tensor(c.GetProperty("W_after_step"), next, "regression W after one step");
        Close.Scalar(c.GetProperty("loss_after_step").GetDouble(),
                     ReferenceModels.RegressionLoss(next, x, yTrue).Item(), "regression loss after one step");
    }

    [Fact]
    public void Two_layer_network_gradients()
    {
        JsonElement c = Seeds.GetProperty("two_layer");
        Tensor w1 = ReferenceData.Tensor(c.GetProperty("W1"));
        Tensor w2 = ReferenceData.Tensor(c.GetProperty("W2"));
        Tensor x = ReferenceData.Tensor(c.GetProperty("x"));
        Tensor yTrue = ReferenceData.Tensor(c.GetProperty("y_true"));
        Tensor dW1 = Tensor.ZerosLike(w1);
        Tensor dW2 = Tensor.ZerosLike(w2);

        Tensor loss = ReferenceModels.TwoLayerLossGradient(w1, w2, x, yTrue, dW1, dW2);

        Tensor y1 = Tensor.MatMul(w1, x);
        Close.Tensor(c.GetProperty("y1"), y1, "two layers: y1");
        Close.Tensor(c.GetProperty("a1"), y1.Relu(), "two layers: a1");
        Close.Tensor(c.GetProperty("y2"), Tensor.MatMul(w2, y1.Relu()), "two layers: y2");
        Close.Scalar(c.GetProperty("loss").GetDouble(), loss.Item(), "two layers: loss");
        Close.Tensor(c.GetProperty("W1_grad"), dW1, "two layers: W1.grad");
        Close.Tensor(c.GetProperty("W2_grad"), dW2, "two layers: W2.grad");
    }

    [Fact]
    public void One_layer_with_binary_cross_entropy_on_logits()
    {
        JsonElement c = Seeds.GetProperty("bce_logits_layer");
        Tensor x = ReferenceData.Tensor(c.GetProperty("x"));
        Tensor y = ReferenceData.Tensor(c.GetProperty("y"));
        Tensor w = ReferenceData.Tensor(c.GetProperty("w"));
        Tensor b = ReferenceData.Tensor(c.GetProperty("b"));
        Tensor dW = Tensor.ZerosLike(w);
        Tensor dB = Tensor.ZerosLike(b);

        Tensor loss = ReferenceModels.LogitLayerLossGradient(x, w, b, y, dW, dB);

        Close.Tensor(c.GetProperty("z"), Tensor.MatMul(x, w) + b, "z = x @ w + b");
        Close.Scalar(c.GetProperty("loss").GetDouble(), loss.Item(), "binary_cross_entropy_with_logits");
        Close.Tensor(c.GetProperty("w_grad"), dW, "w.grad");
        Close.Tensor(c.GetProperty("b_grad"), dB, "b.grad");
    }
}
