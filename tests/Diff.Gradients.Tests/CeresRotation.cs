using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Ceres Solver's <c>rotation.h</c> routines, written in C# the way their authors wrote them in C++: fixed-size local
/// arrays, a cosine and a sine of one angle, a small-angle branch. They exercise the adjoint arrays on the stack, the
/// shared SinCos and the Jacobian in lanes; each Jacobian is checked against central differences.
/// </summary>
public static partial class CeresRotationFns
{
    /// <summary>Ceres' <c>AngleAxisRotatePoint</c>: Rodrigues' formula, with its first-order form near θ = 0.</summary>
    [Differentiable]
    public static void AngleAxisRotatePoint(ReadOnlySpan<double> angleAxis, ReadOnlySpan<double> pt, Span<double> result)
    {
        double theta2 = angleAxis[0] * angleAxis[0] + angleAxis[1] * angleAxis[1] + angleAxis[2] * angleAxis[2];
        if (theta2 > 1e-15)
        {
            double theta = Math.Sqrt(theta2);
            double costheta = Math.Cos(theta);
            double sintheta = Math.Sin(theta);
            double thetaInverse = 1.0 / theta;
            double[] w = new double[3];
            w[0] = angleAxis[0] * thetaInverse;
            w[1] = angleAxis[1] * thetaInverse;
            w[2] = angleAxis[2] * thetaInverse;
            double[] wCrossPt = new double[3];
            wCrossPt[0] = w[1] * pt[2] - w[2] * pt[1];
            wCrossPt[1] = w[2] * pt[0] - w[0] * pt[2];
            wCrossPt[2] = w[0] * pt[1] - w[1] * pt[0];
            double tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1.0 - costheta);
            result[0] = pt[0] * costheta + wCrossPt[0] * sintheta + w[0] * tmp;
            result[1] = pt[1] * costheta + wCrossPt[1] * sintheta + w[1] * tmp;
            result[2] = pt[2] * costheta + wCrossPt[2] * sintheta + w[2] * tmp;
        }
        else
        {
            double[] wCrossPt = new double[3];
            wCrossPt[0] = angleAxis[1] * pt[2] - angleAxis[2] * pt[1];
            wCrossPt[1] = angleAxis[2] * pt[0] - angleAxis[0] * pt[2];
            wCrossPt[2] = angleAxis[0] * pt[1] - angleAxis[1] * pt[0];
            result[0] = pt[0] + wCrossPt[0];
            result[1] = pt[1] + wCrossPt[1];
            result[2] = pt[2] + wCrossPt[2];
        }
    }

    /// <summary>Ceres' <c>AngleAxisToQuaternion</c> followed by <c>UnitQuaternionRotatePoint</c>.</summary>
    [Differentiable]
    public static void QuaternionRotatePoint(ReadOnlySpan<double> angleAxis, ReadOnlySpan<double> pt, Span<double> result)
    {
        double[] q = new double[4];
        double theta2 = angleAxis[0] * angleAxis[0] + angleAxis[1] * angleAxis[1] + angleAxis[2] * angleAxis[2];
        if (theta2 > 0.0)
        {
            double theta = Math.Sqrt(theta2);
            double halfTheta = theta * 0.5;
            double k = Math.Sin(halfTheta) / theta;
            q[0] = Math.Cos(halfTheta);
            q[1] = angleAxis[0] * k;
            q[2] = angleAxis[1] * k;
            q[3] = angleAxis[2] * k;
        }
        else
        {
            q[0] = 1.0;
            q[1] = angleAxis[0] * 0.5;
            q[2] = angleAxis[1] * 0.5;
            q[3] = angleAxis[2] * 0.5;
        }

        double[] uv = new double[3];
        uv[0] = q[2] * pt[2] - q[3] * pt[1];
        uv[1] = q[3] * pt[0] - q[1] * pt[2];
        uv[2] = q[1] * pt[1] - q[2] * pt[0];
        for (int i = 0; i < 3; i++)
        {
            uv[i] += uv[i];
        }

        result[0] = pt[0] + q[0] * uv[0] + (q[2] * uv[2] - q[3] * uv[1]);
        result[1] = pt[1] + q[0] * uv[1] + (q[3] * uv[0] - q[1] * uv[2]);
        result[2] = pt[2] + q[0] * uv[2] + (q[1] * uv[1] - q[2] * uv[0]);
    }
}

public sealed class CeresRotationTests
{
    private delegate void Rotation(ReadOnlySpan<double> angleAxis, ReadOnlySpan<double> pt, Span<double> result);

    private delegate void RotationJacobian(ReadOnlySpan<double> angleAxis, ReadOnlySpan<double> pt, Span<double> result, Span<double> jacobian);

    public static TheoryData<double[]> AngleAxes => new()
    {
        new[] { 0.3, -0.7, 0.5 },
        new[] { 2.1, 0.4, -1.3 },
        new[] { 1e-9, -2e-9, 0.5e-9 },
    };

    [Theory]
    [MemberData(nameof(AngleAxes))]
    public void Angle_axis_rotation_Jacobian_matches_central_differences(double[] angleAxis) =>
        Check(CeresRotationFns.AngleAxisRotatePoint, CeresRotationFns.AngleAxisRotatePointJacobian, angleAxis);

    [Theory]
    [MemberData(nameof(AngleAxes))]
    public void Quaternion_rotation_Jacobian_matches_central_differences(double[] angleAxis) =>
        Check(CeresRotationFns.QuaternionRotatePoint, CeresRotationFns.QuaternionRotatePointJacobian, angleAxis);

    [Fact]
    public void Both_rotations_agree()
    {
        double[] angleAxis = { 0.3, -0.7, 0.5 }, pt = { 1.5, -0.25, 2.0 };
        var a = new double[3];
        var b = new double[3];
        CeresRotationFns.AngleAxisRotatePoint(angleAxis, pt, a);
        CeresRotationFns.QuaternionRotatePoint(angleAxis, pt, b);
        Grad.Close(a, b, 1e-12, 1e-12, "rotations");
    }

    private static void Check(Rotation rotate, RotationJacobian jacobianOf, double[] angleAxis)
    {
        double[] pt = { 1.5, -0.25, 2.0 };
        var result = new double[3];
        var jacobian = new double[3 * 6];
        for (int call = 0; call < 2; call++)
        {
            jacobianOf(angleAxis, pt, result, jacobian);
            var expected = new double[3];
            rotate(angleAxis, pt, expected);
            Grad.Close(expected, result, 1e-14, 1e-14, "result");
            for (int row = 0; row < 3; row++)
            {
                int r = row;
                double[] inputs = { angleAxis[0], angleAxis[1], angleAxis[2], pt[0], pt[1], pt[2] };
                double[] analytic = new double[6];
                Array.Copy(jacobian, row * 6, analytic, 0, 6);
                Grad.Check(p =>
                {
                    var output = new double[3];
                    rotate(p.AsSpan(0, 3), p.AsSpan(3, 3), output);
                    return output[r];
                }, inputs, analytic, "row " + row);
            }
        }
    }
}
