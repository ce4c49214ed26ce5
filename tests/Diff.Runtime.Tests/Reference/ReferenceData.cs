using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Diff.Runtime.Tests.Reference;

/// <summary>
/// The numbers PyTorch computed for the reference tests (<c>pytorch_reference.json</c>, written by
/// <c>make_reference.py</c>), with helpers that turn its tensors into runtime tensors and compare
/// results element by element.
/// </summary>
/// <remarks>
/// A stored tensor is <c>{"shape": [...], "data": [...]}</c>, flat and row-major. Every number is the
/// shortest decimal of a float32, so <see cref="JsonElement.GetSingle"/> reads back exactly the value
/// PyTorch held.
/// </remarks>
internal static class ReferenceData
{
    private static readonly Lazy<JsonElement> Document = new(Load);

    /// <summary>The root object of the reference file.</summary>
    public static JsonElement Root => Document.Value;

    private static JsonElement Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Reference", "pytorch_reference.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public static Tensor Tensor(JsonElement element)
    {
        return Diff.Tensor.FromArray(Floats(element.GetProperty("data")), Shape(element));
    }

    public static int[] Shape(JsonElement element)
    {
        JsonElement shape = element.GetProperty("shape");
        int[] result = new int[shape.GetArrayLength()];
        int i = 0;
        foreach (JsonElement d in shape.EnumerateArray())
        {
            result[i++] = d.GetInt32();
        }

        return result;
    }

    /// <summary>The data of a stored tensor, or the elements of a plain array of numbers.</summary>
    public static float[] Floats(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            element = element.GetProperty("data");
        }

        float[] result = new float[element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in element.EnumerateArray())
        {
            // JSON has no NaN, so the script writes it as the string "NaN".
            result[i++] = v.ValueKind == JsonValueKind.String && v.GetString() == "NaN" ? float.NaN : v.GetSingle();
        }

        return result;
    }

    public static double[] Doubles(JsonElement element)
    {
        double[] result = new double[element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in element.EnumerateArray())
        {
            result[i++] = v.GetDouble();
        }

        return result;
    }

    public static int[] Ints(JsonElement element)
    {
        int[] result = new int[element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement v in element.EnumerateArray())
        {
            result[i++] = v.GetInt32();
        }

        return result;
    }

    /// <summary>The element of <paramref name="array"/> whose <c>"name"</c> is <paramref name="name"/>.</summary>
    public static JsonElement Named(JsonElement array, string name)
    {
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.GetProperty("name").GetString() == name)
            {
                return item;
            }
        }

        throw new KeyNotFoundException($"No reference case named '{name}'.");
    }

    /// <summary>The names of the cases in <paramref name="array"/>, as xunit member data.</summary>
    public static IEnumerable<object[]> Names(JsonElement array)
    {
        foreach (JsonElement item in array.EnumerateArray())
        {
            yield return new object[] { item.GetProperty("name").GetString()! };
        }
    }
}

/// <summary>Element-wise comparison that reports every element out of tolerance.</summary>
internal static class Close
{
    /// <summary>Relative tolerance for single operations.</summary>
    public const double OpRelative = 1e-5;

    /// <summary>
    /// Absolute floor for single operations, for elements that are zero or nearly so (a sum of
    /// terms that cancel keeps only the terms' rounding error, which no relative bound covers).
    /// </summary>
    public const double OpAbsolute = 1e-7;

    /// <summary>Tolerance for the trainings: absolute for the losses; for the final weights absolute below 1, relative above.</summary>
    public const double Training = 1e-4;

    /// <summary>Passes when |actual − expected| ≤ relative·|expected| + absolute for every element.</summary>
    public static void Elements(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what,
        double relative = OpRelative, double absolute = OpAbsolute)
    {
        Assert.True(expected.Length == actual.Length,
            $"{what}: expected {expected.Length} elements, got {actual.Length}.");
        StringBuilder? failures = null;
        int count = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i];
            double a = actual[i];
            double bound = relative * Math.Abs(e) + absolute;
            if (!(Math.Abs(a - e) <= bound) && !(double.IsNaN(e) && double.IsNaN(a)))
            {
                count++;
                failures ??= new StringBuilder();
                if (count <= 10)
                {
                    failures.Append(CultureInfo.InvariantCulture,
                        $"\n  [{i}] expected {e:R}, actual {a:R}, difference {a - e:E2}, allowed {bound:E2}");
                }
            }
        }

        if (failures is not null)
        {
            Assert.Fail($"{what}: {count} of {expected.Length} elements out of tolerance:{failures}");
        }
    }

    public static void Tensor(JsonElement expected, Tensor? actual, string what,
        double relative = OpRelative, double absolute = OpAbsolute)
    {
        Assert.True(actual is not null, $"{what}: no tensor (null).");
        int[] shape = ReferenceData.Shape(expected);
        Assert.True(shape.AsSpan().SequenceEqual(actual!.Shape),
            $"{what}: expected shape [{string.Join(", ", shape)}], got [{string.Join(", ", actual.Shape)}].");
        Elements(ReferenceData.Floats(expected), actual.ToArray(), what, relative, absolute);
    }

    public static void Scalar(double expected, double actual, string what,
        double relative = OpRelative, double absolute = OpAbsolute)
    {
        double bound = relative * Math.Abs(expected) + absolute;
        Assert.True(Math.Abs(actual - expected) <= bound,
            string.Create(CultureInfo.InvariantCulture,
                $"{what}: expected {expected:R}, actual {actual:R}, difference {actual - expected:E2}, allowed {bound:E2}"));
    }
}
