// The same method on tensors: a logistic regression fitted by Newton-CG.
//
// LossHessianVector(w, x, y, vW, dW, hvW) is generated for the tensor-mode Loss below, forward over reverse
// through each op's backward and its curvature rule (MatMul's, BCE's). CG needs only those products, so the
// Hessian (features x features) is never formed.

using System;
using System.Collections.Generic;
using System.IO;
using Diff;

namespace Samples.Newton;

public static partial class LogisticRegression
{
    /// <summary>The mean binary cross-entropy of the logits x·w against 0/1 labels, plus a small ridge penalty.</summary>
    [Differentiable]
    public static Tensor Loss(Tensor w, [NoDiff] Tensor x, [NoDiff] Tensor y)
    {
        Tensor logits = Tensor.MatMul(x, w);
        return Tensor.BCEWithLogitsElements(logits, y, null).Mean() + (w * w).Sum() * (0.5f * Ridge);
    }

    private const float Ridge = 1e-3f;

    /// <summary>What the sample found: the loss after each Newton step, and the step counts of both methods.</summary>
    public sealed record Result(float[] NewtonLosses, float FinalGradientNorm, int NewtonSteps, int GradientDescentSteps, int GradientDescentLimit);

    /// <summary>Fits the weights of <paramref name="samples"/> noisy labels of <paramref name="features"/> features, by Newton-CG and by gradient descent.</summary>
    public static Result Run(TextWriter output, int samples = 400, int features = 8, float tolerance = 1e-4f, int gradientDescentLimit = 5000)
    {
        (Tensor x, Tensor y) = Data(samples, features);
        output.WriteLine($"Logistic regression on tensors: {samples} samples, {features} features; stop when |gradient| < {tolerance:g}");
        output.WriteLine();
        output.WriteLine("Newton-CG (Hessian-vector products from LossHessianVector):");
        output.WriteLine("  step   loss          |gradient|     CG iterations");
        Tensor w = Tensor.Zeros(features, 1);
        var losses = new List<float>();
        int newtonSteps = 0;
        float norm;
        while (true)
        {
            Tensor g = Tensor.ZerosLike(w);
            float loss = LossGradient(w, x, y, g).Item();
            losses.Add(loss);
            norm = Norm(g);
            if (norm < tolerance || newtonSteps == 50)
            {
                output.WriteLine($"  {newtonSteps,4}   {loss,-12:F8}  {norm,-12:E3}");
                break;
            }

            (Tensor p, int iterations) = SolveNewtonSystem(w, x, y, g);
            output.WriteLine($"  {newtonSteps,4}   {loss,-12:F8}  {norm,-12:E3}   {iterations}");
            w = w + p * LineSearch(w, x, y, loss, g, p);
            newtonSteps++;
        }

        // Gradient descent with the same line search, to the same tolerance.
        Tensor v = Tensor.Zeros(features, 1);
        int descentSteps = 0;
        float descentNorm = float.PositiveInfinity;
        while (descentSteps < gradientDescentLimit)
        {
            Tensor g = Tensor.ZerosLike(v);
            float loss = LossGradient(v, x, y, g).Item();
            descentNorm = Norm(g);
            if (descentNorm < tolerance)
            {
                break;
            }

            v = v - g * LineSearch(v, x, y, loss, g, -g);
            descentSteps++;
        }

        output.WriteLine(descentSteps < gradientDescentLimit
            ? $"Gradient descent: {descentSteps} steps to the same tolerance."
            : $"Gradient descent: not there after {gradientDescentLimit} steps (|gradient| = {descentNorm:E3}).");
        output.WriteLine($"Newton-CG: {newtonSteps} steps.");
        return new Result(losses.ToArray(), norm, newtonSteps, descentSteps, gradientDescentLimit);
    }

    /// <summary>Features drawn from a normal distribution with unequal scales, and labels drawn from a logistic model of them.</summary>
    private static (Tensor X, Tensor Y) Data(int samples, int features)
    {
        var generator = new Diff.Generator(7);
        Tensor x = Tensor.Randn(new[] { samples, features }, generator);
        Span<float> values = x.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= 1f + i % features; // unequal scales make the problem ill-conditioned for gradient descent
        }

        Tensor truth = Tensor.Randn(new[] { features, 1 }, generator) * 0.5f;
        float[] logits = Tensor.MatMul(x, truth).ToArray();
        float[] draws = Tensor.Rand(new[] { samples, 1 }, generator).ToArray();
        var labels = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            labels[i] = draws[i] < 1f / (1f + MathF.Exp(-logits[i])) ? 1f : 0f;
        }

        return (x, Tensor.FromArray(labels, samples, 1));
    }

    /// <summary>Solves H p = −g by conjugate gradients, with one generated Hessian-vector product per iteration.</summary>
    private static (Tensor Direction, int Iterations) SolveNewtonSystem(Tensor w, Tensor x, Tensor y, Tensor g)
    {
        Tensor p = Tensor.ZerosLike(w);
        Tensor r = -g;
        Tensor d = r;
        float rr = Dot(r, r);
        float stop = MathF.Min(1e-2f, Norm(g)) * Norm(g);
        int iteration = 0;
        for (; iteration < 2 * w.Count; iteration++)
        {
            Tensor hd = Tensor.ZerosLike(w);
            LossHessianVector(w, x, y, d, null, hd);
            float curvature = Dot(d, hd);
            if (curvature <= 0f)
            {
                return (iteration == 0 ? d : p, iteration);
            }

            float alpha = rr / curvature;
            p = p + d * alpha;
            r = r - hd * alpha;
            float next = Dot(r, r);
            if (MathF.Sqrt(next) < stop)
            {
                return (p, iteration + 1);
            }

            d = r + d * (next / rr);
            rr = next;
        }

        return (p, iteration);
    }

    /// <summary>Backtracking from a whole step until the loss falls enough (Armijo).</summary>
    private static float LineSearch(Tensor w, Tensor x, Tensor y, float loss, Tensor g, Tensor p)
    {
        float slope = Dot(g, p);
        float step = 1f;
        for (int attempt = 0; attempt < 40 && Loss(w + p * step, x, y).Item() > loss + 1e-4f * step * slope; attempt++)
        {
            step *= 0.5f;
        }

        return step;
    }

    private static float Dot(Tensor a, Tensor b) => (a * b).Sum().Item();

    private static float Norm(Tensor a) => MathF.Sqrt(Dot(a, a));
}
