using System.IO;
using System.Linq;
using Samples.Newton;

namespace Diff.Samples.Tests;

public class NewtonTests
{
    private static readonly NewtonSample.Result Result = NewtonSample.Run(TextWriter.Null);

    [Fact]
    public void Newton_CG_finds_the_minimum_at_all_ones()
    {
        Assert.All(Result.Minimum, v => Assert.Equal(1.0, v, 6));
        Assert.True(Result.FinalValue < 1e-12, $"f = {Result.FinalValue:R}");
    }

    [Fact]
    public void Newton_CG_needs_far_fewer_steps_than_gradient_descent()
    {
        Assert.True(Result.NewtonSteps < 60, $"Newton-CG took {Result.NewtonSteps} steps");
        Assert.True(Result.GradientDescentSteps >= 20 * Result.NewtonSteps, $"gradient descent {Result.GradientDescentSteps} steps, Newton-CG {Result.NewtonSteps}");
    }

    [Fact]
    public void Every_Newton_step_decreases_the_objective()
    {
        Assert.All(Result.NewtonValues.Zip(Result.NewtonValues.Skip(1)), pair => Assert.True(pair.Second <= pair.First));
    }
}

public class LogisticRegressionNewtonTests
{
    private static readonly LogisticRegression.Result Result = LogisticRegression.Run(TextWriter.Null);

    [Fact]
    public void Newton_CG_on_tensors_reaches_the_tolerance_in_few_steps()
    {
        Assert.True(Result.FinalGradientNorm < 1e-4f, $"|gradient| = {Result.FinalGradientNorm}");
        Assert.True(Result.NewtonSteps <= 15, $"Newton-CG took {Result.NewtonSteps} steps");
    }

    [Fact]
    public void Newton_CG_on_tensors_needs_far_fewer_steps_than_gradient_descent()
    {
        Assert.True(Result.GradientDescentSteps < Result.GradientDescentLimit, "gradient descent did not converge");
        Assert.True(Result.GradientDescentSteps >= 5 * Result.NewtonSteps, $"gradient descent {Result.GradientDescentSteps} steps, Newton-CG {Result.NewtonSteps}");
    }

    [Fact]
    public void Every_Newton_step_on_tensors_decreases_the_loss()
    {
        Assert.All(Result.NewtonLosses.Zip(Result.NewtonLosses.Skip(1)), pair => Assert.True(pair.Second <= pair.First));
    }
}
