using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Diff.Training
{
    /// <summary>
    /// Draws loss curves (training, and validation when given) against the epoch with ScottPlot and
    /// saves them as PNG or SVG.
    /// </summary>
    public static class LossPlot
    {
        /// <summary>
        /// Saves the curves to <paramref name="path"/>; the extension chooses the format
        /// (<c>.png</c> or <c>.svg</c>). Epoch i (from 1) holds the i-th value of each list.
        /// </summary>
        /// <param name="path">The file to write, ending in .png or .svg; its folder must exist.</param>
        /// <param name="training">The training loss per epoch; at least one value.</param>
        /// <param name="validation">The validation loss per epoch, or null; drawn on the same axes.</param>
        /// <param name="title">The plot's title.</param>
        /// <param name="width">The width in pixels, at least 100.</param>
        /// <param name="height">The height in pixels, at least 100.</param>
        /// <exception cref="ArgumentException">The path has another extension, or <paramref name="training"/> is empty.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The size is too small.</exception>
        public static void Save(
            string path,
            IReadOnlyList<double> training,
            IReadOnlyList<double>? validation = null,
            string title = "Loss",
            int width = 640,
            int height = 400)
        {
            ArgumentNullException.ThrowIfNull(path);
            ArgumentNullException.ThrowIfNull(training);
            ArgumentNullException.ThrowIfNull(title);
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is not ".png" and not ".svg")
            {
                throw new ArgumentException($"The plot's file must end in .png or .svg, but got '{path}'.", nameof(path));
            }

            ScottPlot.Plot plot = Create(training, validation, title, width, height);
            if (extension == ".png")
            {
                plot.SavePng(path, width, height);
            }
            else
            {
                plot.SaveSvg(path, width, height);
            }
        }

        /// <summary>Saves the curves in both formats: <paramref name="basePath"/> plus <c>.png</c> and <c>.svg</c>.</summary>
        /// <param name="basePath">The path without extension.</param>
        /// <param name="training">The training loss per epoch.</param>
        /// <param name="validation">The validation loss per epoch, or null.</param>
        /// <param name="title">The plot's title.</param>
        /// <returns>The two paths written, PNG first.</returns>
        public static (string Png, string Svg) SavePngAndSvg(
            string basePath, IReadOnlyList<double> training, IReadOnlyList<double>? validation = null, string title = "Loss")
        {
            ArgumentNullException.ThrowIfNull(basePath);
            string png = basePath + ".png";
            string svg = basePath + ".svg";
            Save(png, training, validation, title);
            Save(svg, training, validation, title);
            return (png, svg);
        }

        private static ScottPlot.Plot Create(IReadOnlyList<double> training, IReadOnlyList<double>? validation, string title, int width, int height)
        {
            if (training.Count == 0)
            {
                throw new ArgumentException("There is no training loss to draw.", nameof(training));
            }

            ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
            ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
            var plot = new ScottPlot.Plot();
            AddCurve(plot, training, "training");
            if (validation is { Count: > 0 })
            {
                AddCurve(plot, validation, "validation");
            }

            plot.Title(title);
            plot.XLabel("epoch");
            plot.YLabel("loss");
            plot.ShowLegend(ScottPlot.Alignment.UpperRight);
            return plot;
        }

        private static void AddCurve(ScottPlot.Plot plot, IReadOnlyList<double> values, string label)
        {
            double[] epochs = Enumerable.Range(1, values.Count).Select(e => (double)e).ToArray();
            ScottPlot.Plottables.Scatter curve = plot.Add.Scatter(epochs, values.ToArray());
            curve.LegendText = label;
            curve.LineWidth = 2;
            curve.MarkerSize = values.Count <= 30 ? 5 : 0;
        }
    }
}
