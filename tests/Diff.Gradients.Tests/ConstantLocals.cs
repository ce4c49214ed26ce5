using Diff;

namespace Diff.Gradients.Tests;

/// <summary>A model a [NoDiff] value holds, in public fields as a hand-tracking model keeps them: its members are constants of the differentiation.</summary>
public sealed class SkinModel
{
    public double[] Positions = Array.Empty<double>();
    public double[][] Weights = Array.Empty<double[]>();
    public int Count;
}

/// <summary>A struct a [NoDiff] value holds.</summary>
public readonly struct SkinFrame
{
    public SkinFrame(double[] positions, double scale)
    {
        Positions = positions;
        Scale = scale;
    }

    public double[] Positions { get; }

    public double Scale { get; }

    public int Count => Positions.Length;
}

/// <summary>The data passed as a [NoDiff] parameter, from which the methods take their models into locals.</summary>
public sealed class SkinData
{
    public SkinData(SkinModel model, SkinModel other, SkinFrame frame)
    {
        Model = model;
        Other = other;
        Frame = frame;
    }

    public SkinModel Model { get; }

    public SkinModel Other { get; }

    public SkinFrame Frame { get; }
}

/// <summary>
/// A local of a class or struct type given only constants (a [NoDiff] parameter's member) is a constant
/// itself: what is read off it is read off the [NoDiff] value.
/// </summary>
public static partial class ConstantLocalFns
{
    [Differentiable]
    public static double ClassLocal(double[] theta, [NoDiff] SkinData data)
    {
        SkinModel model = data.Model;
        double s = 0.0;
        for (int i = 0; i < model.Count; i++)
        {
            s += theta[0] * model.Positions[i] + Math.Sin(theta[1] * model.Positions[i]);
        }

        return s;
    }

    [Differentiable]
    public static double StructLocal(double[] theta, [NoDiff] SkinData data)
    {
        var frame = data.Frame;
        double s = 0.0;
        for (int i = 0; i < frame.Count; i++)
        {
            double p = theta[i % theta.Length] * frame.Positions[i];
            s += p * p * frame.Scale;
        }

        return s;
    }

    // The local changes between the loop's trips: the reverse sweep needs each trip's value, not the last one.
    [Differentiable]
    public static double ReassignedLocal(double[] theta, [NoDiff] SkinData data)
    {
        var model = data.Model;
        double s = 0.0;
        for (int k = 0; k < 2; k++)
        {
            for (int i = 0; i < model.Count; i++)
            {
                s += Math.Exp(theta[k] * model.Positions[i]) * theta[(k + 1) % 2];
            }

            model = data.Other;
        }

        return s;
    }

    // A constant local read off another: the jagged weights are constants too.
    [Differentiable]
    public static double LocalOfALocal(double[] theta, [NoDiff] SkinData data)
    {
        var model = data.Model;
        double[][] weights = model.Weights;
        double s = 0.0;
        for (int b = 0; b < weights.Length; b++)
        {
            for (int i = 0; i < model.Count; i++)
            {
                s += weights[b][i] * theta[b] * model.Positions[i];
            }
        }

        return s * theta[0];
    }
}

public sealed class ConstantLocals
{
    private static SkinData Data() => new(
        new SkinModel { Positions = new[] { 0.5, -1.25, 2.0 }, Weights = new[] { new[] { 0.2, 0.3, 0.5 }, new[] { 0.6, 0.1, 0.3 } }, Count = 3 },
        new SkinModel { Positions = new[] { 1.5, 0.75 }, Weights = new[] { new[] { 1.0, 0.0 } }, Count = 2 },
        new SkinFrame(new[] { 0.4, -0.9, 1.1, 0.3 }, 1.75));

    private static readonly double[] Theta = { 0.35, -0.6 };

    private static void Check(Func<double[], SkinData, double> f, Func<double[], SkinData, double[], double> gradient, string what)
    {
        SkinData data = Data();
        var dTheta = new double[Theta.Length];
        double value = gradient((double[])Theta.Clone(), data, dTheta);
        Grad.SameValue(f((double[])Theta.Clone(), data), value, what);
        Grad.Check(p => f(p, data), (double[])Theta.Clone(), dTheta, what);
        Assert.Contains(dTheta, d => d != 0.0);
    }

    [Fact]
    public void A_class_local_taken_from_a_NoDiff_parameter_is_a_constant() =>
        Check(ConstantLocalFns.ClassLocal, ConstantLocalFns.ClassLocalGradient, "ClassLocal");

    [Fact]
    public void A_struct_local_taken_from_a_NoDiff_parameter_is_a_constant() =>
        Check(ConstantLocalFns.StructLocal, ConstantLocalFns.StructLocalGradient, "StructLocal");

    [Fact]
    public void A_constant_local_reassigned_from_another_constant_keeps_each_value_for_the_reverse_sweep() =>
        Check(ConstantLocalFns.ReassignedLocal, ConstantLocalFns.ReassignedLocalGradient, "ReassignedLocal");

    [Fact]
    public void A_local_read_off_a_constant_local_is_a_constant() =>
        Check(ConstantLocalFns.LocalOfALocal, ConstantLocalFns.LocalOfALocalGradient, "LocalOfALocal");
}
