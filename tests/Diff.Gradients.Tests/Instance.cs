using Diff;

namespace Diff.Gradients.Tests;

/// <summary>Instance methods: fields are constants for differentiation.</summary>
public partial class Spring
{
    private const double Scale = 2.0;
    private readonly double _k;
    private readonly double _rest;
    private readonly double[] _weights;
    private double _bias = 0.25;

    public Spring(double k, double rest, double[] weights)
    {
        _k = k;
        _rest = rest;
        _weights = weights;
    }

    public double Bias
    {
        get => _bias;
        set => _bias = value;
    }

    [Differentiable]
    public double Energy(double x)
    {
        double d = x - _rest;
        return 0.5 * _k * d * d + _bias * x;
    }

    [Differentiable]
    public double WeightedSquares(double[] a)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            s += _weights[i] * a[i] * a[i];
        }
        return s * Scale;
    }

    [Differentiable]
    public double CallsInstanceAndStatic(double x, double y)
    {
        return Energy(x * y) + this.Energy(y) * CallFns.Inner(x);
    }
}

public partial class OuterType
{
    public static partial class NestedType
    {
        [Differentiable]
        public static double F(double x, double y)
        {
            return Math.Exp(x * 0.5) * y - x * y * y;
        }

        public static partial class DeeperType
        {
            [Differentiable]
            public static double G(double x)
            {
                return NestedType.F(x, x * x) + x;
            }
        }
    }

    public partial class NestedInstance
    {
        private readonly double _c;

        public NestedInstance(double c)
        {
            _c = c;
        }

        [Differentiable]
        public double H(double x)
        {
            return _c * Math.Sin(x) * x;
        }
    }
}

public class InstanceTests
{
    [Fact]
    public void InstanceMethodWithFieldConstants()
    {
        var spring = new Spring(3.0, 1.5, new[] { 1.0, 2.0, 0.5 });
        foreach (double x in new[] { 0.2, 2.7, -1.0 })
        {
            double dX = 0;
            double v = spring.EnergyGradient(x, ref dX);
            Grad.SameValue(spring.Energy(x), v, "Energy");
            Grad.Check(p => spring.Energy(p[0]), new[] { x }, new[] { dX }, "Energy");
        }
    }

    [Fact]
    public void InstanceFieldChangesAreSeen()
    {
        var spring = new Spring(3.0, 1.5, new[] { 1.0 });
        double d1 = 0, d2 = 0;
        spring.EnergyGradient(1.0, ref d1);
        spring.Bias = 10.0;
        spring.EnergyGradient(1.0, ref d2);
        Assert.Equal(9.75, d2 - d1, 12);
    }

    [Fact]
    public void InstanceMethodWithArrayField()
    {
        var spring = new Spring(3.0, 1.5, new[] { 1.0, 2.0, 0.5 });
        double[] a = { 0.4, -1.1, 2.2 };
        double[] dA = new double[3];
        double v = spring.WeightedSquaresGradient(a, dA);
        Grad.SameValue(spring.WeightedSquares(a), v, "WeightedSquares");
        Grad.Check(spring.WeightedSquares, a, dA, "WeightedSquares");
    }

    [Fact]
    public void InstanceMethodCallingInstanceAndStatic()
    {
        var spring = new Spring(0.7, -0.3, new[] { 1.0 });
        double dX = 0, dY = 0;
        double v = spring.CallsInstanceAndStaticGradient(0.8, -1.2, ref dX, ref dY);
        Grad.SameValue(spring.CallsInstanceAndStatic(0.8, -1.2), v, "CallsInstanceAndStatic");
        Grad.Check(p => spring.CallsInstanceAndStatic(p[0], p[1]), new[] { 0.8, -1.2 }, new[] { dX, dY }, "CallsInstanceAndStatic");
    }

    [Fact]
    public void StaticMethodInNestedType()
    {
        double dX = 0, dY = 0;
        double v = OuterType.NestedType.FGradient(0.6, 1.4, ref dX, ref dY);
        Grad.SameValue(OuterType.NestedType.F(0.6, 1.4), v, "NestedType.F");
        Grad.Check(p => OuterType.NestedType.F(p[0], p[1]), new[] { 0.6, 1.4 }, new[] { dX, dY }, "NestedType.F");
    }

    [Fact]
    public void StaticMethodInDoublyNestedType()
    {
        double dX = 0;
        double v = OuterType.NestedType.DeeperType.GGradient(0.6, ref dX);
        Grad.SameValue(OuterType.NestedType.DeeperType.G(0.6), v, "DeeperType.G");
        Grad.Check(p => OuterType.NestedType.DeeperType.G(p[0]), new[] { 0.6 }, new[] { dX }, "DeeperType.G");
    }

    [Fact]
    public void InstanceMethodInNestedType()
    {
        var obj = new OuterType.NestedInstance(1.7);
        double dX = 0;
        double v = obj.HGradient(0.9, ref dX);
        Grad.SameValue(obj.H(0.9), v, "NestedInstance.H");
        Grad.Check(p => obj.H(p[0]), new[] { 0.9 }, new[] { dX }, "NestedInstance.H");
    }
}
