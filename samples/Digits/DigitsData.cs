using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;

namespace Samples.Digits;

/// <summary>The UCI handwritten digits: images [N, 1, 8, 8] scaled to [0, 1] and their labels.</summary>
public sealed record DigitsData(float[] Pixels, int[] Labels)
{
    public const int Side = 8;

    public int Count => Labels.Length;

    /// <summary>The data file shipped next to the program.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz");

    /// <summary>Reads the gzipped CSV: 64 pixel counts in 0..16 and the digit per line.</summary>
    public static DigitsData Load(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var pixels = new System.Collections.Generic.List<float>();
        var labels = new System.Collections.Generic.List<int>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            string[] fields = line.Split(',');
            if (fields.Length != Side * Side + 1)
                throw new InvalidDataException($"{path}: line {labels.Count + 1} has {fields.Length} fields, not {Side * Side + 1}.");
            for (int i = 0; i < Side * Side; i++)
                pixels.Add(float.Parse(fields[i], CultureInfo.InvariantCulture) / 16f);
            labels.Add(int.Parse(fields[^1], CultureInfo.InvariantCulture));
        }

        return new DigitsData(pixels.ToArray(), labels.ToArray());
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public DigitsData Take(int[] indices)
    {
        var pixels = new float[indices.Length * Side * Side];
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            Array.Copy(Pixels, indices[i] * Side * Side, pixels, i * Side * Side, Side * Side);
            labels[i] = Labels[indices[i]];
        }

        return new DigitsData(pixels, labels);
    }
}
