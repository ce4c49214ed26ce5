using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Samples.Training;

/// <summary>Draws a loss curve as a small, self-contained SVG document: axes, ticks, labels, a polyline.</summary>
public static class LossCurveSvg
{
    /// <summary>Returns the SVG text for <paramref name="losses"/>, one value per epoch.</summary>
    public static string Render(IReadOnlyList<float> losses, string title)
    {
        if (losses.Count == 0) throw new ArgumentException("There is no loss to draw.", nameof(losses));

        const double width = 640, height = 400;
        const double left = 70, right = 20, top = 40, bottom = 50;   // margins around the plot area
        double plotWidth = width - left - right, plotHeight = height - top - bottom;

        // The loss axis runs from 0 to a round number at or above the largest loss.
        double lossStep = NiceStep(Math.Max(losses.Max(), 1e-6), 6);
        double maxLoss = lossStep * Math.Ceiling(Math.Max(losses.Max(), 1e-6) / lossStep);
        int epochs = losses.Count;

        // Epoch e (1-based) and loss v to picture coordinates; loss 0 sits on the x axis.
        double X(double epoch) => left + (epochs == 1 ? 0 : (epoch - 1) / (epochs - 1)) * plotWidth;
        double Y(double loss) => top + (1 - loss / maxLoss) * plotHeight;

        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(Invariant($"  <rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        svg.AppendLine(Invariant($"  <text x=\"{width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">{Escape(title)}</text>"));

        // Axes.
        svg.AppendLine(Invariant($"  <line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"black\"/>"));
        svg.AppendLine(Invariant($"  <line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" stroke=\"black\"/>"));

        // Ticks at round numbers, with grid lines across the plot for the loss.
        for (int i = 0; i * lossStep <= maxLoss * (1 + 1e-9); i++)
        {
            double value = i * lossStep;
            double y = Y(value);
            svg.AppendLine(Invariant($"  <line x1=\"{left - 5}\" y1=\"{y:F1}\" x2=\"{left + plotWidth}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>"));
            svg.AppendLine(Invariant($"  <text x=\"{left - 8}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{value:G4}</text>"));
        }

        int epochStep = Math.Max(1, (int)NiceStep(epochs, 6));
        for (int epoch = epochStep; epoch <= epochs; epoch += epochStep)
        {
            double x = X(epoch);
            svg.AppendLine(Invariant($"  <line x1=\"{x:F1}\" y1=\"{top + plotHeight}\" x2=\"{x:F1}\" y2=\"{top + plotHeight + 5}\" stroke=\"black\"/>"));
            svg.AppendLine(Invariant($"  <text x=\"{x:F1}\" y=\"{top + plotHeight + 20}\" text-anchor=\"middle\">{epoch}</text>"));
        }

        // Axis labels.
        svg.AppendLine(Invariant($"  <text x=\"{left + plotWidth / 2}\" y=\"{height - 10}\" text-anchor=\"middle\">epoch</text>"));
        svg.AppendLine(Invariant($"  <text x=\"18\" y=\"{top + plotHeight / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {top + plotHeight / 2})\">mean training loss</text>"));

        // The curve.
        var points = new StringBuilder();
        for (int i = 0; i < epochs; i++)
        {
            points.Append(Invariant($"{X(i + 1):F1},{Y(losses[i]):F1} "));
        }

        svg.AppendLine($"  <polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"{points.ToString().TrimEnd()}\"/>");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    // The smallest step of the form 1, 2 or 5 times a power of ten that cuts [0, range] into at most maxTicks parts.
    private static double NiceStep(double range, int maxTicks)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(range / maxTicks)));
        foreach (double factor in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (range / (factor * power) <= maxTicks) return factor * power;
        }

        return 10 * power;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
