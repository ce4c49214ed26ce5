using System;
using System.Globalization;
using System.Linq;

namespace Diff.Fuzz.Harness
{
    /// <summary>
    /// The numeric checks of one loaded program: value, gradient against central differences of the double twin, and
    /// accumulation. Points near a branch tie or a kink are rejected: the twin reports the smallest relative distance to
    /// a tie, and every finite-difference evaluation must follow the same branch trace as the point itself.
    /// </summary>
    public sealed class GradientChecker
    {
        private readonly Func<double[], double> _eval;
        private readonly Func<double[], double[], double> _twin;
        private readonly Func<double[], double[], double> _grad;
        private readonly Func<double[], double[], double> _grad2;
        private readonly Func<double[], double[], double[], double> _tangent;

        /// <summary>MTangentLanes: eight directions in one run (vector forward mode), each lane checked as MTangent is.</summary>
        private readonly Func<double[], double[][], double[], double>? _tangentLanes;
        private readonly Func<double[], double[], double[], double[], double>? _hessianVector;
        private readonly ProgramSource _source;

        public GradientChecker(
            ProgramSource source,
            Func<double[], double> eval,
            Func<double[], double[], double> twin,
            Func<double[], double[], double> grad,
            Func<double[], double[], double> grad2,
            Func<double[], double[], double[], double> tangent,
            Func<double[], double[], double[], double[], double>? hessianVector = null,
            Func<double[], double[][], double[], double>? tangentLanes = null)
        {
            _tangentLanes = tangentLanes;
            _hessianVector = hessianVector;
            _source = source;
            _eval = eval;
            _twin = twin;
            _grad = grad;
            _grad2 = grad2;
            _tangent = tangent;
        }

        /// <summary>Points checked per program.</summary>
        public int Points { get; init; } = 2;

        /// <summary>Runs the checks; returns (class, detail) of the first failure, (null, note) on success, or a skip.</summary>
        public (string? Class, string Detail, bool Skipped) Run(ulong seed)
        {
            var random = new System.Random(unchecked((int)seed ^ (int)(seed >> 32)));
            int dim = _source.SlotNames.Count;
            bool single = _source.UsesFloat;
            double minMargin = single ? 1e-3 : 1e-6;
            int checkedPoints = 0;
            string lastReject = "no point tried";
            for (int attempt = 0; attempt < 12 && checkedPoints < Points; attempt++)
            {
                double[] z = new double[dim];
                for (int j = 0; j < dim; j++)
                {
                    double v = random.NextDouble() * 3.0 - 1.5;
                    z[j] = _source.FloatSlots[j] ? (float)v : v;
                }

                double[] info = new double[2];
                double twinValue;
                double plainValue;
                try
                {
                    twinValue = _twin(Copy(z), info);
                    plainValue = _eval(Copy(z));
                }
                catch (Exception e)
                {
                    return (FailureClass.FuzzerBug + ":plain-throws", $"the plain method threw {e.GetType().Name}: {e.Message}", false);
                }

                if (!double.IsFinite(twinValue) || Math.Abs(twinValue) > 1e6 || !double.IsFinite(plainValue))
                {
                    lastReject = $"value {twinValue} not finite or too large";
                    continue;
                }

                if (info[0] < minMargin)
                {
                    lastReject = $"too close to a branch tie or kink (relative margin {info[0]:G3})";
                    continue;
                }

                if (single && Math.Abs(plainValue - twinValue) > 1e-2 * (1.0 + Math.Abs(twinValue)))
                {
                    lastReject = "the float program and its double twin differ too much";
                    continue;
                }

                long trace = BitConverter.DoubleToInt64Bits(info[1]);
                double[] fd = new double[dim];
                bool traceChanged = false;
                bool unstable = false;
                for (int j = 0; j < dim && !traceChanged; j++)
                {
                    double h = 1e-6 * Math.Max(1.0, Math.Abs(z[j]));
                    double[] zp = Copy(z), zm = Copy(z);
                    zp[j] += h;
                    zm[j] -= h;
                    double[] ip = new double[2], im = new double[2];
                    double fp = _twin(zp, ip), fm = _twin(zm, im);
                    if (BitConverter.DoubleToInt64Bits(ip[1]) != trace || BitConverter.DoubleToInt64Bits(im[1]) != trace)
                    {
                        traceChanged = true;
                    }

                    fd[j] = (fp - fm) / (zp[j] - zm[j]);

                    // A second, smaller step must agree: where the function oscillates faster than the step (a large
                    // derivative compounded through a loop), finite differences are no reference.
                    double[] zp2 = Copy(z), zm2 = Copy(z);
                    zp2[j] += h / 4;
                    zm2[j] -= h / 4;
                    double fd2 = (_twin(zp2, ip) - _twin(zm2, im)) / (zp2[j] - zm2[j]);
                    if (!(Math.Abs(fd2 - fd[j]) <= 1e-6 * (1.0 + Math.Abs(twinValue)) + 1e-6 * Math.Max(Math.Abs(fd2), Math.Abs(fd[j]))))
                    {
                        unstable = true;
                    }
                }

                if (traceChanged)
                {
                    lastReject = "a finite-difference step crossed a branch";
                    continue;
                }

                if (unstable)
                {
                    lastReject = "finite differences with two step sizes disagree";
                    continue;
                }

                double[] g = new double[dim];
                double gradValue;
                try
                {
                    gradValue = _grad(Copy(z), g);
                }
                catch (Exception e)
                {
                    return (FailureClass.GradientThrows + ":" + e.GetType().Name, $"at z = {Vector(z)}: MGradient threw {e.GetType().Name}: {e.Message}", false);
                }

                double valueTolerance = single ? 1e-4 * (1.0 + Math.Abs(plainValue)) : 1e-9 * (1.0 + Math.Abs(plainValue));
                if (!(Math.Abs(gradValue - plainValue) <= valueTolerance))
                {
                    return (FailureClass.WrongValue, $"at z = {Vector(z)}: M returns {R(plainValue)} but MGradient returns {R(gradValue)}", false);
                }

                // A finite gradient beyond 1e100 means values of that order inside the computation (a buffer grown to
                // 1e189 by repeated updates, seed 1616 program 7602): there rounding absorbs a perturbation of the
                // input (x + (c - x) is 0 for c much smaller than x), the computed function is locally constant, and
                // finite differences measure that, not the derivative. NaN and infinity are still failures.
                if (g.Any(d => double.IsFinite(d) && Math.Abs(d) > 1e100))
                {
                    lastReject = "a gradient component beyond 1e100: values inside the computation are too large for finite differences";
                    continue;
                }

                double rtol = single ? 2e-2 : 1e-5;
                double atol = (single ? 2e-3 : 1e-6) * (1.0 + Math.Abs(twinValue));
                bool twinDiverges = false;
                for (int j = 0; j < dim && !twinDiverges; j++)
                {
                    if (!(Math.Abs(g[j] - fd[j]) <= atol + rtol * Math.Max(Math.Abs(g[j]), Math.Abs(fd[j]))))
                    {
                        // A float program can take another branch than its double twin where a condition is decided
                        // by rounding; the twin's trace cannot show it. The float program's own central difference,
                        // with a step far above float resolution, is then the reference: when the gradient matches
                        // it and not the twin, the point is not one where the twin can judge.
                        if (single && PlainDifference(z, j) is double coarse
                            && Math.Abs(g[j] - coarse) <= atol + rtol * Math.Max(Math.Abs(g[j]), Math.Abs(coarse))
                            && !(Math.Abs(fd[j] - coarse) <= atol + rtol * Math.Max(Math.Abs(fd[j]), Math.Abs(coarse))))
                        {
                            twinDiverges = true;
                            break;
                        }

                        string all = string.Join(", ", Enumerable.Range(0, dim).Select(k => $"{_source.SlotNames[k]}: {R(g[k])} vs {R(fd[k])}"));
                        return (FailureClass.WrongGradient, $"at z = {Vector(z)}: d/d{_source.SlotNames[j]} is {R(g[j])}, finite differences give {R(fd[j])}\n  all (generated vs finite differences): {all}", false);
                    }
                }

                if (twinDiverges)
                {
                    lastReject = "the float program and its double twin take different branches";
                    continue;
                }

                if (!_source.WritesParameters)
                {
                    double[] g2 = new double[dim];
                    _grad2(Copy(z), g2);
                    double tol = single ? 1e-4 : 1e-9;
                    for (int j = 0; j < dim; j++)
                    {
                        if (!(Math.Abs(g2[j] - 2.0 * g[j]) <= tol * (1.0 + Math.Abs(g[j]))))
                        {
                            return (FailureClass.NotAccumulating, $"at z = {Vector(z)}: two calls give d/d{_source.SlotNames[j]} = {R(g2[j])}, one call {R(g[j])}", false);
                        }
                    }
                }

                // Forward mode against reverse mode: MTangent in a random direction v gives <gradient, v>, and the value.
                double[] direction = new double[dim];
                for (int j = 0; j < dim; j++)
                {
                    double v = random.NextDouble() * 2.0 - 1.0;
                    direction[j] = _source.FloatSlots[j] ? (float)v : v;
                }

                double[] tangentInfo = new double[1];
                double jvp;
                try
                {
                    jvp = _tangent(Copy(z), direction, tangentInfo);
                }
                catch (Exception e)
                {
                    return (FailureClass.GradientThrows + ":tangent-" + e.GetType().Name, $"at z = {Vector(z)}: MTangent threw {e.GetType().Name}: {e.Message}", false);
                }

                if (!(Math.Abs(tangentInfo[0] - plainValue) <= valueTolerance))
                {
                    return (FailureClass.WrongValue, $"at z = {Vector(z)}: M returns {R(plainValue)} but MTangent returns {R(tangentInfo[0])}", false);
                }

                double dot = 0, scale = 0;
                for (int j = 0; j < dim; j++)
                {
                    dot += g[j] * direction[j];
                    scale += Math.Abs(g[j] * direction[j]);
                }

                double tangentTolerance = (single ? 1e-3 : 1e-8) * (1.0 + scale);
                if (!(Math.Abs(jvp - dot) <= tangentTolerance))
                {
                    return (FailureClass.WrongTangent, $"at z = {Vector(z)}, v = {Vector(direction)}: MTangent gives {R(jvp)}, the gradient gives <g, v> = {R(dot)}", false);
                }

                if (CheckLanes(z, g, plainValue, valueTolerance, single, random) is { } lanesFailure)
                {
                    return lanesFailure;
                }

                if (CheckHessianVector(z, direction, g, trace) is { } hessianFailure)
                {
                    return (FailureClass.WrongHessianVector, hessianFailure, false);
                }

                checkedPoints++;
            }

            return checkedPoints > 0 ? (null, $"{checkedPoints} point(s) checked", false) : (null, "skipped: " + lastReject, true);
        }

        /// <summary>
        /// MTangentLanes in eight random directions at once: the value as M's, and each lane's tangent as &lt;g, vₗ&gt;
        /// with MTangent's tolerance. Null when it agrees (or the program has no lanes delegate).
        /// </summary>
        private (string? Class, string Detail, bool Skipped)? CheckLanes(double[] z, double[] g, double plainValue, double valueTolerance, bool single, System.Random random)
        {
            if (_tangentLanes is null)
            {
                return null;
            }

            int dim = z.Length;
            const int width = Diff.Internal.TangentLanes.Width;
            var directions = new double[width][];
            for (int lane = 0; lane < width; lane++)
            {
                directions[lane] = new double[dim];
                for (int j = 0; j < dim; j++)
                {
                    double v = random.NextDouble() * 2.0 - 1.0;
                    directions[lane][j] = _source.FloatSlots[j] ? (float)v : v;
                }
            }

            var lanes = new double[width];
            double value;
            try
            {
                value = _tangentLanes(Copy(z), directions, lanes);
            }
            catch (Exception e)
            {
                return (FailureClass.GradientThrows + ":lanes-" + e.GetType().Name, $"at z = {Vector(z)}: MTangentLanes threw {e.GetType().Name}: {e.Message}", false);
            }

            if (!(Math.Abs(value - plainValue) <= valueTolerance))
            {
                return (FailureClass.WrongValue, $"at z = {Vector(z)}: M returns {R(plainValue)} but MTangentLanes returns {R(value)}", false);
            }

            for (int lane = 0; lane < width; lane++)
            {
                double dot = 0, scale = 0;
                for (int j = 0; j < dim; j++)
                {
                    dot += g[j] * directions[lane][j];
                    scale += Math.Abs(g[j] * directions[lane][j]);
                }

                if (!(Math.Abs(lanes[lane] - dot) <= (single ? 1e-3 : 1e-8) * (1.0 + scale)))
                {
                    return (FailureClass.WrongTangent, $"at z = {Vector(z)}, v = {Vector(directions[lane])}: MTangentLanes lane {lane} gives {R(lanes[lane])}, the gradient gives <g, v> = {R(dot)}", false);
                }
            }

            return null;
        }

        /// <summary>
        /// MHessianVector in direction v against central differences of the gradient along v (extrapolated from two steps),
        /// where the twin's branch
        /// trace is the same at both points and the one-sided differences agree (the gradient is smooth there). A
        /// program with float values is judged with a larger step and tolerance: its gradient is float too. Returns a failure description, or null. A companion that throws
        /// <see cref="NotSupportedException"/> (a program that writes its buffers, or calls a method that does) is a
        /// documented limit, not a failure.
        /// </summary>
        private string? CheckHessianVector(double[] z, double[] v, double[] gradient, long trace)
        {
            if (_hessianVector is null)
            {
                return null;
            }

            bool single = _source.UsesFloat;

            int dim = z.Length;
            double[] g = new double[dim], hv = new double[dim];
            try
            {
                _hessianVector(Copy(z), v, g, hv);
            }
            catch (NotSupportedException)
            {
                return null;
            }
            catch (Exception e)
            {
                return $"at z = {Vector(z)}: MHessianVector threw {e.GetType().Name}: {e.Message}";
            }

            for (int j = 0; j < dim; j++)
            {
                if (!(Math.Abs(g[j] - gradient[j]) <= (single ? 1e-4 : 1e-9) * (1.0 + Math.Abs(gradient[j]))))
                {
                    return $"at z = {Vector(z)}: MHessianVector's gradient d/d{_source.SlotNames[j]} is {R(g[j])}, MGradient's {R(gradient[j])}";
                }
            }

            double h = single ? 1e-3 : 1e-5;
            double[] Shifted(double step)
            {
                double[] moved = new double[dim];
                for (int j = 0; j < dim; j++)
                {
                    moved[j] = z[j] + step * v[j];
                }

                return moved;
            }

            double[] info = new double[2];
            foreach (double step in new[] { h, -h, h / 2, -h / 2 })
            {
                _twin(Shifted(step), info);
                if (BitConverter.DoubleToInt64Bits(info[1]) != trace)
                {
                    return null;
                }
            }

            double[] plus = new double[dim], minus = new double[dim], here = new double[dim];
            double[] halfPlus = new double[dim], halfMinus = new double[dim];
            _grad(Shifted(h), plus);
            _grad(Shifted(-h), minus);
            _grad(Shifted(h / 2), halfPlus);
            _grad(Shifted(-h / 2), halfMinus);
            _grad(Copy(z), here);
            // Rounding in the gradient itself, seen through the difference quotient.
            double noise = (single ? 1e-5 : 1e-12) * (1.0 + here.Select(Math.Abs).DefaultIfEmpty(0).Max()) / h;
            for (int j = 0; j < dim; j++)
            {
                double fd = (plus[j] - minus[j]) / (2 * h);
                double scale = 1.0 + Math.Abs(fd) + Math.Abs(hv[j]);
                bool smooth = Math.Abs((plus[j] - here[j]) - (here[j] - minus[j])) / h <= (single ? 1e-1 : 1e-3) * scale + noise;
                if (!smooth || !double.IsFinite(fd))
                {
                    return null;
                }

                // Richardson's extrapolation from steps h and h/2 cancels the difference quotient's h² error, which float
                // programs' larger step makes visible where the gradient bends fast (e^cos((5x)³): 4.7% at h = 1e-3). Its
                // rounding is the h/2 quotient's doubled, weighted 4/3, plus the h quotient's, weighted 1/3: three times
                // the h quotient's.
                double reference = (4 * ((halfPlus[j] - halfMinus[j]) / h) - fd) / 3;
                if (!(Math.Abs(hv[j] - reference) <= (single ? 2e-2 : 1e-4) * scale + 3 * noise))
                {
                    return $"at z = {Vector(z)}, v = {Vector(v)}: (H·v) for {_source.SlotNames[j]} is {R(hv[j])}, differences of the gradient give {R(reference)} (extrapolated from {R(fd)} at step {h} and the quotient at half that step)";
                }
            }

            return null;
        }

        private double? PlainDifference(double[] z, int j)
        {
            double h = 1e-3 * Math.Max(1.0, Math.Abs(z[j]));
            double[] zp = Copy(z), zm = Copy(z);
            zp[j] += h;
            zm[j] -= h;
            double difference = (_eval(zp) - _eval(zm)) / (zp[j] - zm[j]);
            return double.IsFinite(difference) ? difference : null;
        }

        private static double[] Copy(double[] z) => (double[])z.Clone();

        private static string R(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

        private static string Vector(double[] z) => "[" + string.Join(", ", z.Select(R)) + "]";
    }
}
