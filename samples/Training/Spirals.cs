using System;
using Diff;
using Diff.Training;

namespace Samples.Training;

/// <summary>A toy classification data set: points on interleaved spiral arms, one arm per class.</summary>
public sealed class Spirals
{
    private Spirals(float[] points, int[] labels, int classes)
    {
        Points = points;
        Labels = labels;
        Classes = classes;
    }

    /// <summary>The points, row-major [Count, 2].</summary>
    public float[] Points { get; }

    /// <summary>The class of each point, 0 .. Classes - 1.</summary>
    public int[] Labels { get; }

    /// <summary>How many classes (spiral arms) there are.</summary>
    public int Classes { get; }

    /// <summary>How many points there are.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// Makes <paramref name="classes"/> spiral arms of <paramref name="pointsPerClass"/> points each,
    /// shuffled. The arms start at the centre and turn by about 230 degrees on the way out; a little
    /// noise on the angle blurs their edges.
    /// </summary>
    public static Spirals Generate(int classes, int pointsPerClass, int seed)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "At least two classes are needed.");
        if (pointsPerClass < 1) throw new ArgumentOutOfRangeException(nameof(pointsPerClass), pointsPerClass, "At least one point per class is needed.");

        var random = new System.Random(seed);
        int count = classes * pointsPerClass;
        var points = new float[count * 2];
        var labels = new int[count];
        int n = 0;
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < pointsPerClass; i++, n++)
            {
                double t = (double)i / pointsPerClass;                    // 0 at the centre, 1 outside
                double radius = 0.05 + 0.95 * t;
                double angle = 2 * Math.PI * c / classes + 7.0 * t + 0.25 * Gaussian(random);
                points[2 * n] = (float)(radius * Math.Cos(angle));
                points[2 * n + 1] = (float)(radius * Math.Sin(angle));
                labels[n] = c;
            }
        }

        // Shuffle the points (Fisher-Yates), so that any split of them mixes the classes.
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (labels[i], labels[j]) = (labels[j], labels[i]);
            (points[2 * i], points[2 * j]) = (points[2 * j], points[2 * i]);
            (points[2 * i + 1], points[2 * j + 1]) = (points[2 * j + 1], points[2 * i + 1]);
        }

        return new Spirals(points, labels, classes);
    }

    /// <summary>The points <paramref name="start"/> .. start + length - 1, as a new data set.</summary>
    public Spirals Slice(int start, int length) =>
        new(Points.AsSpan(2 * start, 2 * length).ToArray(), Labels.AsSpan(start, length).ToArray(), Classes);

    /// <summary>The points and labels as a dataset of [Count, 2] inputs and class labels, for a DataLoader.</summary>
    public TensorDataset<IntTensor> ToDataset() =>
        TensorDataset.Create(Tensor.FromArray(Points, Count, 2), IntTensor.FromArray(Labels));

    // A standard normal sample (Box-Muller).
    private static double Gaussian(System.Random random)
    {
        double u1 = 1.0 - random.NextDouble();   // in (0, 1]: safe for the logarithm
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
