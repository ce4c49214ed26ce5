using System.IO;
using Samples.AutogradByHand;
using Samples.ChainRule;
using Samples.GradientDescent;
using Samples.NoGradAndDetach;
using Samples.TensorGradients;

namespace Diff.Samples.Tests;

/// <summary>The lines the samples print, in PyTorch's tensor format, for the numbers the tutorials show.</summary>
public class PrintedOutputTests
{
    private static string Printed(Action<TextWriter> run)
    {
        var output = new StringWriter();
        run(output);
        return output.ToString().Replace("\r\n", "\n");
    }

    [Fact]
    public void ChainRule_prints_the_derivative_of_x_squared()
    {
        string text = Printed(o => ChainRuleSample.Run(o));
        Assert.Contains("y = f(x) = tensor(1.)\n", text);
        Assert.Contains("x.grad = f'(x) = tensor(2.)\n", text);
        Assert.Contains("dy/dx is tensor([[", text);
    }

    [Fact]
    public void TensorGradients_prints_25_10_14_and_2_4_6()
    {
        string text = Printed(o => TensorGradientsSample.Run(o));
        Assert.Contains("y = tensor(25.)\nx.grad = tensor(10.)\n", text);
        Assert.Contains("y = tensor(14.)\nx.grad = tensor([2., 4., 6.])\n", text);
        Assert.Contains("y_true = tensor([1., 2., 3., 4.])\n", text);
    }

    [Fact]
    public void AutogradByHand_prints_12_and_the_gradients_4_and_3()
    {
        string text = Printed(o => AutogradByHandSample.Run(o));
        Assert.Contains("(tensor(3.), tensor(4.))\n", text);
        Assert.Contains("var_mult = tensor(12.)\nvar_1.grad = tensor(4.)\nvar_2.grad = tensor(3.)\n", text);
        Assert.Contains("output.size() = [128, 30]\n", text);
    }

    [Fact]
    public void NoGradAndDetach_prints_equal_rows_of_w_grad()
    {
        NoGradAndDetachSample.Result result = null!;
        string text = Printed(o => result = NoGradAndDetachSample.Run(o));
        Assert.Contains($"b.grad = {result.BGrad}\n", text);
        Assert.Contains($"w.grad = {result.WGrad}\n", text);
        Assert.Contains($"z from Logits (no gradient, nothing recorded) = {result.Z}\n", text);
    }

    [Fact]
    public void GradientDescent_prints_4_6667_minus_9_3333_and_1_0933()
    {
        string text = Printed(o => GradientDescentSample.Run(o));
        Assert.Contains("loss = tensor(4.6667)\n", text);
        Assert.Contains("m.grad = tensor(-9.3333)\n", text);
        Assert.Contains("m = tensor(1.0933)\n", text);
        Assert.Contains("y = tensor([ 5., 10., 15.])\n", text);
    }
}
