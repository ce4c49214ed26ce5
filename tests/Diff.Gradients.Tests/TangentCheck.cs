using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Checks a generated <c>MTangent</c> against the generated gradient at the same point, through the identity
/// ⟨∇f, v⟩ = JVP(v) for a random direction v: the two transforms are built independently (reverse rules
/// against tangent rules), so agreement is evidence for both. Found by reflection from the gradient's
/// delegate, so every check that validates a gradient validates the tangent too.
/// </summary>
internal static class TangentCheck
{
    /// <param name="gradient">The <c>MGradient</c> delegate that computed <paramref name="adjoints"/>.</param>
    /// <param name="primal">The point: the original method's arguments, in order.</param>
    /// <param name="adjoints">The gradient at that point, one adjoint per differentiable parameter, in order.</param>
    internal static void Against(Delegate gradient, object[] primal, object[] adjoints, string what)
    {
        MethodInfo method = gradient.Method;
        if (!method.Name.EndsWith("Gradient", StringComparison.Ordinal) || method.Name.StartsWith('<'))
        {
            // A lambda that adapts a gradient to the check's shape: its tangent cannot be found from it.
            return;
        }

        // The tangent of this overload: the primal parameters, one tangent per adjoint, and the result's tangent.
        string name = method.Name.Substring(0, method.Name.Length - "Gradient".Length) + "Tangent";
        Type[] primalTypes = method.GetParameters().Take(primal.Length).Select(p => p.ParameterType).ToArray();
        MethodInfo? tangentMethod = method.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .SingleOrDefault(m => m.Name == name && m.GetParameters().Length == primal.Length + adjoints.Length + 1
                                  && m.GetParameters().Take(primal.Length).Select(p => p.ParameterType).SequenceEqual(primalTypes));
        Assert.True(tangentMethod is not null, what + ": no " + name);

        var random = new System.Random(StableSeed(what));
        var arguments = new List<object?>();
        arguments.AddRange(primal.Select(Copy));
        double expected = 0, scale = 0;
        foreach (object adjoint in adjoints)
        {
            switch (adjoint)
            {
                case double d:
                {
                    double v = random.NextDouble() * 2 - 1;
                    arguments.Add(v);
                    expected += d * v;
                    scale += Math.Abs(d * v);
                    break;
                }

                case double[] buffer:
                {
                    double[] v = buffer.Select(_ => random.NextDouble() * 2 - 1).ToArray();
                    arguments.Add(v);
                    for (int i = 0; i < v.Length; i++)
                    {
                        expected += buffer[i] * v[i];
                        scale += Math.Abs(buffer[i] * v[i]);
                    }

                    break;
                }

                default:
                    throw new ArgumentException("unsupported adjoint type " + adjoint.GetType(), nameof(adjoints));
            }
        }

        arguments.Add(null);
        object?[] call = arguments.ToArray();
        object? value = tangentMethod!.Invoke(gradient.Target, call);
        double jvp = (double)call[^1]!;
        if (double.IsFinite(expected))
        {
            Assert.True(Math.Abs(jvp - expected) <= 1e-9 * (1 + scale), $"{what}: JVP {jvp:R}, gradient·v {expected:R}");
        }

        Assert.NotNull(value);
        // Every width MJacobian chooses from: the companion is generic in its lanes.
        Lanes<Diff.Internal.TangentLanes2>(gradient, method, primal, adjoints, value, what);
        Lanes<Diff.Internal.TangentLanes4>(gradient, method, primal, adjoints, value, what);
        Lanes<Diff.Internal.TangentLanes>(gradient, method, primal, adjoints, value, what);
        HessianVector(gradient, method, primal, adjoints, call.Skip(primal.Length).Take(adjoints.Length).ToArray(), what);
    }

    /// <summary>
    /// Checks <c>MTangentLanes</c>, the vector forward mode that <c>MJacobian</c> runs: as many random directions at
    /// once as <typeparamref name="TLanes"/> holds, each lane against ⟨∇f, vₗ⟩, and the value against the tangent's.
    /// </summary>
    private static void Lanes<TLanes>(Delegate gradient, MethodInfo method, object[] primal, object[] adjoints, object? expectedValue, string what)
        where TLanes : unmanaged, Diff.Internal.ITangentLanes<TLanes>
    {
        string name = method.Name.Substring(0, method.Name.Length - "Gradient".Length) + "TangentLanes";
        Type[] primalTypes = method.GetParameters().Take(primal.Length).Select(p => p.ParameterType).ToArray();
        MethodInfo? lanesMethod = method.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .SingleOrDefault(m => m.Name == name && m.GetParameters().Length == primal.Length + adjoints.Length + 1
                                  && m.GetParameters().Take(primal.Length).Select(p => p.ParameterType).SequenceEqual(primalTypes));
        Assert.True(lanesMethod is not null, what + ": no " + name);

        int width = TLanes.Width;
        var random = new System.Random(StableSeed(what) ^ 0x5a5a);
        var expected = new double[width];
        var scale = new double[width];
        var arguments = new List<object?>();
        arguments.AddRange(primal.Select(Copy));
        TLanes Direction(double adjoint)
        {
            TLanes lanes = 0;
            for (int lane = 0; lane < width; lane++)
            {
                double v = random.NextDouble() * 2 - 1;
                lanes += v * TLanes.Unit(lane);
                expected[lane] += adjoint * v;
                scale[lane] += Math.Abs(adjoint * v);
            }

            return lanes;
        }

        foreach (object adjoint in adjoints)
        {
            arguments.Add(adjoint switch
            {
                double d => Direction(d),
                double[] buffer => buffer.Select(Direction).ToArray(),
                _ => throw new ArgumentException("unsupported adjoint type " + adjoint.GetType(), nameof(adjoints)),
            });
        }

        arguments.Add(null);
        object?[] call = arguments.ToArray();
        object? value = lanesMethod!.MakeGenericMethod(typeof(TLanes)).Invoke(gradient.Target, call);
        var tangent = (TLanes)call[^1]!;
        Assert.Equal(expectedValue, value);
        for (int lane = 0; lane < width; lane++)
        {
            if (double.IsFinite(expected[lane]))
            {
                Assert.True(Math.Abs(tangent[lane] - expected[lane]) <= 1e-9 * (1 + scale[lane]), $"{what}: lane {lane} {tangent[lane]:R}, gradient·v {expected[lane]:R}");
            }
        }
    }

    /// <summary>
    /// Checks <c>MHessianVector</c> where it is generated: its adjoints are the gradient's, and its H·v the
    /// central difference of the gradient along v.
    /// </summary>
    private static void HessianVector(Delegate gradient, MethodInfo method, object[] primal, object[] adjoints, object?[] direction, string what)
    {
        string name = method.Name.Substring(0, method.Name.Length - "Gradient".Length) + "HessianVector";
        Type[] primalTypes = method.GetParameters().Take(primal.Length).Select(p => p.ParameterType).ToArray();
        MethodInfo? hessianVector = method.DeclaringType!.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .SingleOrDefault(m => m.Name == name && m.GetParameters().Length == primal.Length + 3 * adjoints.Length
                                  && m.GetParameters().Take(primal.Length).Select(p => p.ParameterType).SequenceEqual(primalTypes));
        // Every method that returns a value has one (where it cannot run, it throws and says why).
        Assert.True(hessianVector is not null, what + ": no " + name);

        object?[] call = primal.Select(Copy).Concat(direction.Select(d => d is null ? null : Copy(d))).Concat(adjoints.Select(Zero)).Concat(adjoints.Select(Zero)).ToArray();
        try
        {
            hessianVector.Invoke(gradient.Target, call);
        }
        catch (TargetInvocationException e) when (e.InnerException is NotSupportedException unsupported)
        {
            // A documented limit (a callee that writes buffers, or one known only by a registration): the
            // companion exists and says why it cannot run.
            Assert.Contains("HessianVector is not available", unsupported.Message);
            return;
        }

        double[] adjointsSeen = Flatten(call.Skip(primal.Length + adjoints.Length).Take(adjoints.Length));
        double[] product = Flatten(call.Skip(primal.Length + 2 * adjoints.Length));
        double[] expectedAdjoints = Flatten(adjoints);
        Grad.Close(expectedAdjoints, adjointsSeen, 1e-12, 1e-12, what + " (MHessianVector's gradient)");

        // The gradient at x ± h·v.
        double[] v = Flatten(direction!);
        double[] Shifted(double sign)
        {
            int k = 0;
            object?[] args = primal.Select(p => Shift(p, sign, v, ref k)).Concat(adjoints.Select(Zero)).ToArray();
            method.Invoke(gradient.Target, args);
            return Flatten(args.Skip(primal.Length));
        }

        const double h = 1e-5;
        double[] plus = Shifted(h), minus = Shifted(-h), here = Shifted(0);
        double[] fd = plus.Zip(minus, (a, b) => (a - b) / (2 * h)).ToArray();
        double scale = 1 + fd.Concat(product).Select(Math.Abs).DefaultIfEmpty(0).Max();

        // Where the one-sided differences disagree the gradient has a kink there (the kink and tie points
        // some checks choose on purpose), and differences are no reference for its derivative. A jump the gradient
        // splits in half at the point (a tie of Max) leaves the two sides equal: it shows as differences that grow
        // as the step shrinks.
        double[] halfStep = Shifted(h / 2).Zip(Shifted(-h / 2), (a, b) => (a - b) / h).ToArray();
        bool smooth = Enumerable.Range(0, fd.Length).All(i => Math.Abs((plus[i] - here[i]) - (here[i] - minus[i])) / h <= 1e-3 * scale
                                                              && Math.Abs(fd[i] - halfStep[i]) <= 1e-3 * scale);
        if (smooth)
        {
            Grad.Close(fd, product, 1e-4, 1e-5 * scale, what + " (MHessianVector's H·v against differences of the gradient)");
        }
    }

    /// <summary>The argument moved by <paramref name="sign"/> along the direction, for differentiable values (those the direction covers).</summary>
    /// <summary>
    /// The directions' seed, the same in every run: string.GetHashCode differs from process to process, and a direction
    /// that happens to lie almost along a kink of the gradient (Huber's |r| = delta) slips past the kink test of the
    /// Hessian-vector check in some runs only.
    /// </summary>
    private static int StableSeed(string what)
    {
        // FNV-1a over the UTF-16 code units.
        uint hash = 2166136261;
        foreach (char c in what)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)hash;
    }

    private static object Shift(object value, double sign, double[] v, ref int k)
    {
        switch (value)
        {
            case double d when k < v.Length:
                return d + sign * v[k++];
            case double[] buffer when k + buffer.Length <= v.Length:
            {
                double[] moved = new double[buffer.Length];
                for (int i = 0; i < buffer.Length; i++)
                {
                    moved[i] = buffer[i] + sign * v[k++];
                }

                return moved;
            }

            default:
                return Copy(value);
        }
    }

    private static object Zero(object adjoint) => adjoint is double[] buffer ? new double[buffer.Length] : 0.0;

    private static double[] Flatten(IEnumerable<object?> values) => values.SelectMany(v => v switch
    {
        double d => new[] { d },
        double[] buffer => buffer,
        _ => Array.Empty<double>(),
    }).ToArray();

    private static object Copy(object value) => value is Array array ? array.Clone() : value;
}
