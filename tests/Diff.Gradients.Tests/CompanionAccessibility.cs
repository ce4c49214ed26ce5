using System.Linq;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>A model only the assembly sees: an internal method may take it, and so may its companions.</summary>
internal sealed class InternalWeights
{
    public double[] W = { 0.5, -2.0, 1.25 };
}

/// <summary>
/// Methods narrower than public, over a parameter type as narrow as they are: their companions take their
/// accessibility, so they compile (a public companion taking a private nested class would be CS0051). The
/// private ones are reached through the entry points at the end, as code outside the type reaches a private method.
/// </summary>
public static partial class NarrowCompanionFns
{
    private sealed class Secret
    {
        public double Scale = 1.5;

        public double[] Weights = { 0.5, -2.0, 1.25 };
    }

    [Differentiable]
    private static double Weighted(double[] x, double s, [NoDiff] Secret secret)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += secret.Weights[i] * Math.Sin(s * x[i]);
        }

        return sum * secret.Scale;
    }

    // Writes its buffer: a pullback, and the Record and Reverse halves its caller records the call through.
    [Differentiable]
    private static void Stretch(double[] x, double s, [NoDiff] Secret secret)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = x[i] * s * secret.Scale;
        }
    }

    // A private caller: its companions call the private companions of the two above.
    [Differentiable]
    private static double Caller(double[] x, double s, [NoDiff] Secret secret)
    {
        Stretch(x, s, secret);
        return Weighted(x, s, secret) * s + x[0] * x[1];
    }

    [Differentiable]
    internal static double InternalWeighted(double[] x, double s, InternalWeights weights)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += weights.W[i] * x[i] * x[i] * s;
        }

        return sum;
    }

    internal static double CallerValue(double[] x, double s) => Caller(x, s, new Secret());

    internal static double CallerGradient(double[] x, double s, double[] dX, ref double dS) => CallerGradient(x, s, new Secret(), dX, ref dS);

    internal static double CallerTangent(double[] x, double s, double[] tX, double tS, out double tResult) => CallerTangent(x, s, new Secret(), tX, tS, out tResult);
}

public sealed class CompanionAccessibility
{
    private static readonly double[] X = { 0.3, -0.7, 1.1 };

    [Fact]
    public void A_private_method_over_a_private_nested_type_has_private_companions_with_the_right_gradient()
    {
        double[] dX = new double[3];
        double dS = 0.0;
        double value = NarrowCompanionFns.CallerGradient((double[])X.Clone(), 0.8, dX, ref dS);
        Grad.SameValue(NarrowCompanionFns.CallerValue((double[])X.Clone(), 0.8), value, "Caller");
        Grad.Check(p => NarrowCompanionFns.CallerValue(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(X, 0.8), Fd.Pack(dX, dS), "Caller");

        // The tangent agrees with the gradient along a direction (Caller writes x, so its tangent tX is overwritten).
        double[] tX = { 0.4, 0.1, -0.9 };
        const double tS = 0.25;
        double expected = dX[0] * tX[0] + dX[1] * tX[1] + dX[2] * tX[2] + dS * tS;
        NarrowCompanionFns.CallerTangent((double[])X.Clone(), 0.8, tX, tS, out double tResult);
        Grad.Close(expected, tResult, 1e-12, 1e-12, "Caller tangent");

        // Every method that takes the private type, the companions among them, is private. The compiler's own
        // methods (MJacobian's local functions, named <…>) cannot be called by name, whatever their metadata says.
        System.Reflection.MethodInfo[] overSecret = typeof(NarrowCompanionFns)
            .GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            .Where(m => m.GetParameters().Any(p => p.ParameterType.Name == "Secret") && !m.Name.StartsWith('<'))
            .ToArray();
        Assert.Contains(overSecret, m => m.Name == "StretchPullback");
        Assert.Contains(overSecret, m => m.Name == "WeightedHessianVector");
        Assert.All(overSecret, m => Assert.True(m.IsPrivate, m.Name + " is not private"));
    }

    [Fact]
    public void An_internal_method_over_an_internal_type_has_internal_companions_with_the_right_gradient()
    {
        var weights = new InternalWeights();
        double[] dX = new double[3];
        double dS = 0.0;
        double value = NarrowCompanionFns.InternalWeightedGradient((double[])X.Clone(), 0.8, weights, dX, ref dS);
        Grad.SameValue(NarrowCompanionFns.InternalWeighted((double[])X.Clone(), 0.8, weights), value, "InternalWeighted");
        Grad.Check(p => NarrowCompanionFns.InternalWeighted(Fd.Slice(p, 0, 3), p[3], weights), Fd.Pack(X, 0.8), Fd.Pack(dX, dS), "InternalWeighted");
        Assert.True(typeof(NarrowCompanionFns).GetMethod(nameof(NarrowCompanionFns.InternalWeightedGradient), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static) is { IsAssembly: true }, "InternalWeightedGradient is not internal");
    }
}
