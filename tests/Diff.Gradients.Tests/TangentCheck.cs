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

        var random = new System.Random(what.GetHashCode(System.StringComparison.Ordinal));
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
    }

    private static object Copy(object value) => value is Array array ? array.Clone() : value;
}
