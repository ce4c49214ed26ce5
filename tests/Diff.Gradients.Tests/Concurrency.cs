using System.Threading.Tasks;
using Diff;

namespace Diff.Gradients.Tests;

public static partial class ConcurrencyFns
{
    /// <summary>Loops, a local array, overwrites and a data-dependent trip count: everything a tape needs.</summary>
    [Differentiable]
    public static double Work(double[] a, double x)
    {
        int n = a.Length;
        double[] b = new double[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = a[i];
        }
        double y = 1.0;
        while (y < 5.0)
        {
            for (int i = 0; i < n; i++)
            {
                b[i] = Math.Sin(b[i]) * x + b[i] * 0.5;
            }
            y = y * 1.5 + Math.Abs(x);
        }
        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            s += b[i] * b[i];
        }
        return s + CallFns.PowRec(x, n);
    }
}

public class ConcurrencyTests
{
    [Fact]
    public void GradientIsReentrantAcrossThreads()
    {
        const int cases = 64;
        const int n = 6;
        var r = new System.Random(70);
        var inputs = new double[cases][];
        var xs = new double[cases];
        for (int c = 0; c < cases; c++)
        {
            inputs[c] = Pts.Vector(r, n + c % 5, -1, 1);
            xs[c] = Pts.Uniform(r, 0.3, 0.9);
        }

        // Serial reference.
        var refValues = new double[cases];
        var refDA = new double[cases][];
        var refDX = new double[cases];
        for (int c = 0; c < cases; c++)
        {
            refDA[c] = new double[inputs[c].Length];
            refValues[c] = ConcurrencyFns.WorkGradient(inputs[c], xs[c], refDA[c], ref refDX[c]);
        }

        // Finite-difference check of a few serial results.
        for (int c = 0; c < 4; c++)
        {
            int len = inputs[c].Length;
            Grad.SameValue(ConcurrencyFns.Work(inputs[c], xs[c]), refValues[c], "Work");
            Grad.Check(p => ConcurrencyFns.Work(Fd.Slice(p, 0, len), p[len]), Fd.Pack(inputs[c], xs[c]), Fd.Pack(refDA[c], refDX[c]), "Work");
        }

        // Many concurrent calls must give the serial results bit for bit.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, cases * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            int c = k % cases;
            var dA = new double[inputs[c].Length];
            double dX = 0;
            double v = ConcurrencyFns.WorkGradient(inputs[c], xs[c], dA, ref dX);
            if (!v.Equals(refValues[c]) || !dX.Equals(refDX[c]))
            {
                failures.Add($"case {c}: value {v:R} vs {refValues[c]:R}, dX {dX:R} vs {refDX[c]:R}");
                return;
            }
            for (int i = 0; i < dA.Length; i++)
            {
                if (!dA[i].Equals(refDA[c][i]))
                {
                    failures.Add($"case {c}: dA[{i}] {dA[i]:R} vs {refDA[c][i]:R}");
                    return;
                }
            }
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
    }

    [Fact]
    public void PullbackIsReentrantAcrossThreads()
    {
        const int n = 5;
        double[] x = { 0.2, -0.4, 0.6, -0.8, 1.0 };
        double[] w = { 1.0, -2.0, 0.5, 0.25, -1.5 };
        var refDX = new double[n];
        var refDY = (double[])w.Clone();
        double refDS = 0;
        ArrayFns.ScaleSquaresPullback(x, 1.1, new double[n], refDX, ref refDS, refDY);

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var dX = new double[n];
            var dY = (double[])w.Clone();
            double dS = 0;
            ArrayFns.ScaleSquaresPullback(x, 1.1, new double[n], dX, ref dS, dY);
            if (!dS.Equals(refDS)) failures.Add($"dS {dS:R} vs {refDS:R}");
            for (int i = 0; i < n; i++)
                if (!dX[i].Equals(refDX[i]) || !dY[i].Equals(refDY[i])) failures.Add($"element {i}");
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
    }
}
