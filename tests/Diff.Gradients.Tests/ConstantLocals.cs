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

/// <summary>Values bound by a pattern, and delegates, that hold only constants.</summary>
public static partial class ConstantBindingFns
{
    private static readonly double? Scale = 2.5;

    /// <summary>An optional weight, as Swift's `if let y = optional` reads.</summary>
    [Differentiable]
    public static double OptionalWeight(double? weight, double x)
    {
        if (weight is double y)
        {
            return x * y * Math.Sin(x);
        }

        return x + x;
    }

    [Differentiable]
    public static double PatternOnNoDiff([NoDiff] double c, double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (c is double y && y > 0)
            {
                s += x[i] * y * x[i];
            }
            else
            {
                s -= x[i];
            }
        }

        return s;
    }

    [Differentiable]
    public static double PatternOnField(double x)
    {
        double s = x;
        if (Scale is double f)
        {
            s = s * f + Math.Exp(x * f);
        }

        return s;
    }

    /// <summary>Weights taken in the order of a sorted copy of [NoDiff] keys (a Cox risk set's order).</summary>
    [Differentiable]
    public static double SortedWeights(double[] x, [NoDiff] double[] key)
    {
        int n = x.Length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        double[] k = (double[])key.Clone();
        Array.Sort(k, order);
        Array.Reverse(k);
        double s = 0;
        for (int r = 0; r < n; r++)
        {
            s += (r + 1) * k[r] * x[order[r]] * x[order[r]];
        }

        return s;
    }

    /// <summary>A lambda that reads a [NoDiff] parameter, over [NoDiff] data.</summary>
    [Differentiable]
    public static double SpreadAroundCentre(double x, [NoDiff] double[] data, [NoDiff] double centre)
    {
        double spread = System.Linq.Enumerable.Max(System.Linq.Enumerable.Select(data, v => Math.Abs(v - centre)));
        return x * x * spread;
    }

    /// <summary>A lambda called with a constant: its value is a constant factor.</summary>
    [Differentiable]
    public static double ConstantDelegate(double x, double y)
    {
        Func<double, double> triple = v => v * 3;
        return 3 * x + triple(3) * y;
    }
}

public sealed class ConstantBindings
{
    [Fact]
    public void A_pattern_that_binds_a_constant_gives_a_constant()
    {
        var random = new System.Random(5);
        for (int trial = 0; trial < 3; trial++)
        {
            double x = Pts.Uniform(random, -1, 1);
            foreach (double? weight in new double?[] { 2.0, null })
            {
                double dX = 0;
                Grad.SameValue(ConstantBindingFns.OptionalWeight(weight, x), ConstantBindingFns.OptionalWeightGradient(weight, x, ref dX), "optional weight");
                Grad.Check(p => ConstantBindingFns.OptionalWeight(weight, p[0]), new[] { x }, new[] { dX }, "optional weight");
                ConstantBindingFns.OptionalWeightTangent(weight, x, 1.0, out double tangent);
                Assert.Equal(dX, tangent, 12);
            }

            double[] v = Pts.Vector(random, 3, -1, 1);
            foreach (double c in new[] { 1.5, -1.0 })
            {
                var dV = new double[3];
                Grad.SameValue(ConstantBindingFns.PatternOnNoDiff(c, v), ConstantBindingFns.PatternOnNoDiffGradient(c, v, dV), "pattern on [NoDiff]");
                Grad.Check(p => ConstantBindingFns.PatternOnNoDiff(c, p), v, dV, "pattern on [NoDiff]");
            }

            double dF = 0;
            ConstantBindingFns.PatternOnFieldGradient(x, ref dF);
            Grad.Check(p => ConstantBindingFns.PatternOnField(p[0]), new[] { x }, new[] { dF }, "pattern on a field");
            double gradient = 0, hessianVector = 0;
            ConstantBindingFns.PatternOnFieldHessianVector(x, 1.0, ref gradient, ref hessianVector);
            Grad.Check(p => { double d = 0; ConstantBindingFns.PatternOnFieldGradient(p[0], ref d); return d; }, new[] { x }, new[] { hessianVector }, "pattern on a field, H·v");
        }
    }

    [Fact]
    public void Sorting_a_copy_of_constant_keys_runs_in_every_companion()
    {
        double[] x = { 0.3, -0.8, 1.1, 0.5 }, key = { 2.0, -1.0, 0.5, 3.0 }, v = { 0.2, -0.4, 0.7, 0.1 };
        var dX = new double[4];
        Grad.SameValue(ConstantBindingFns.SortedWeights(x, key), ConstantBindingFns.SortedWeightsGradient(x, key, dX), "sorted weights");
        Grad.Check(p => ConstantBindingFns.SortedWeights(p, key), x, dX, "sorted weights");
        ConstantBindingFns.SortedWeightsTangent(x, key, v, out double tangent);
        Assert.Equal(dX[0] * v[0] + dX[1] * v[1] + dX[2] * v[2] + dX[3] * v[3], tangent, 12);

        double d = 0;
        ConstantBindingFns.SpreadAroundCentreGradient(0.6, key, 0.5, ref d);
        Assert.Equal(2 * 0.6 * 2.5, d, 12);
    }

    [Fact]
    public void A_lambda_called_with_a_constant_is_a_constant()
    {
        double dX = 0, dY = 0;
        Assert.Equal(45.0, ConstantBindingFns.ConstantDelegateGradient(3, 4, ref dX, ref dY));
        Assert.Equal(3.0, dX);
        Assert.Equal(9.0, dY);
    }
}
