using System.IO;
using System.Linq;

namespace Diff.Training.Tests;

/// <summary>Loss plots are written as real PNG and SVG files with both curves.</summary>
public sealed class LossPlotTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "diffgen-plot-" + Guid.NewGuid().ToString("N"));

    public LossPlotTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly double[] Training = Enumerable.Range(0, 20).Select(i => 2.0 / (i + 1)).ToArray();
    private static readonly double[] Validation = Enumerable.Range(0, 20).Select(i => 2.2 / (i + 1) + 0.05).ToArray();

    [Fact]
    public void Png_and_svg_are_written()
    {
        (string png, string svg) = LossPlot.SavePngAndSvg(Path.Combine(_folder, "loss"), Training, Validation, "Test run");
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4));
        Assert.True(bytes.Length > 2000, $"PNG of {bytes.Length} bytes");
        string text = File.ReadAllText(svg);
        Assert.Contains("<svg", text);
        Assert.Contains("</svg>", text);
        Assert.True(text.Length > 2000, $"SVG of {text.Length} characters");
    }

    [Fact]
    public void Validation_curve_is_optional()
    {
        string path = Path.Combine(_folder, "train-only.png");
        LossPlot.Save(path, Training);
        Assert.True(new FileInfo(path).Length > 1000);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => LossPlot.Save(Path.Combine(_folder, "x.jpg"), Training)).ParamName);
        Assert.Equal("training", Assert.Throws<ArgumentException>(() => LossPlot.Save(Path.Combine(_folder, "x.png"), Array.Empty<double>())).ParamName);
    }
}
